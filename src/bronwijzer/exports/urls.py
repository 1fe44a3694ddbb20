from django.urls import path

from bronwijzer.exports import views
from bronwijzer.lib.paths import DOWNLOAD_PREFIX, EMBED_PREFIX, route

app_name = "exports"

urlpatterns = [
    path(f"{route(DOWNLOAD_PREFIX)}kaart.<str:fmt>", views.download, name="download"),
    path(route(EMBED_PREFIX), views.embed, name="embed"),
]
