from django.urls import path

from bronwijzer.exports import views

app_name = "exports"

urlpatterns = [
    path("download/kaart.<str:fmt>", views.download, name="download"),
    path("embed/", views.embed, name="embed"),
]
