from django.urls import path

from bronwijzer.incident import views

app_name = "incident"

urlpatterns = [
    path("er-is-iets-gebeurd/", views.incident_route, name="route"),
]
