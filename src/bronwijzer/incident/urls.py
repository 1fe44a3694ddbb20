from django.urls import path

from bronwijzer.incident import views
from bronwijzer.lib.paths import INCIDENT_PREFIX, route

app_name = "incident"

urlpatterns = [
    path(route(INCIDENT_PREFIX), views.incident_route, name="route"),  # "er-is-iets-gebeurd/"
]
