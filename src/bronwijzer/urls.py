from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Bronwijzer redactie"
admin.site.site_title = "Bronwijzer redactie"
admin.site.index_title = "Kaart beheren"

urlpatterns = [
    path("redactie/", admin.site.urls),
    path("api/v1/", include("bronwijzer.api.urls")),  # outside i18n_patterns: one URL per resource
]
urlpatterns += i18n_patterns(
    path("", include("bronwijzer.web.urls")),
    path("", include("bronwijzer.kit.urls")),
    prefix_default_language=False,
)
