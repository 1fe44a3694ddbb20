from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from bronwijzer.lib.httpcache import private_urls
from bronwijzer.lib.paths import API_PREFIX, STAFF_PREFIX, route
from bronwijzer.staff.forms import StaffLoginForm
from bronwijzer.staff.views import staff_login, two_factor
from bronwijzer.web.sitemaps import robots_txt, sitemap_xml

STAFF = route(STAFF_PREFIX)  # the back office: "redactie/"

admin.site.site_header = "Bronwijzer redactie"
admin.site.site_title = "Bronwijzer redactie"
admin.site.index_title = "Kaart beheren"
admin.site.login_form = StaffLoginForm  # password, plus a TOTP code for whoever set one up

urlpatterns = [
    path(f"{STAFF}login/", staff_login, name="staff_login"),  # the admin's, landing on a page that exists
    path(f"{STAFF}tweestaps/", admin.site.admin_view(two_factor), name="staff_two_factor"),
    path(STAFF, private_urls(admin.site.urls)),  # nothing of the back office is ever kept
    path(
        f"{route(API_PREFIX)}v1/", include("bronwijzer.api.urls")
    ),  # outside i18n_patterns: one URL per resource
    path("sitemap.xml", sitemap_xml, name="sitemap"),  # one sitemap, listing both languages
    path("robots.txt", robots_txt, name="robots"),
]
urlpatterns += i18n_patterns(
    path("", include("bronwijzer.web.urls")),
    path("", include("bronwijzer.kit.urls")),
    path("", include("bronwijzer.incident.urls")),
    path("", include("bronwijzer.exports.urls")),
    path("", include("bronwijzer.reports.urls")),
    prefix_default_language=False,
)

handler500 = "bronwijzer.lib.dbfaults.server_error"
