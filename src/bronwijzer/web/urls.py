from django.urls import path

from bronwijzer.lib.paths import SHORT_LINK_PREFIX, route
from bronwijzer.web import changes, feeds, shortlinks, views

app_name = "web"

urlpatterns = [
    path("", views.map_overview, name="map"),
    path("bron/<slug:slug>/", views.resource_detail, name="resource"),
    path("organisaties/", views.organisation_list, name="organisations"),
    path("organisatie/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("begrippen/", views.glossary, name="glossary"),
    path("hulp/", views.help_page, name="help"),
    path("over/", views.about, name="about"),
    path("veilig-gebruik/", views.safe_use, name="safe_use"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path(f"{route(SHORT_LINK_PREFIX)}<str:code>", shortlinks.short_link, name="short"),
    path("nieuw/", changes.whats_new, name="changes"),
    path("nieuw/atom.xml", feeds.changes_feed, name="changes_feed"),
]
