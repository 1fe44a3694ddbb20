from django.urls import path

from bronwijzer.reports import views

app_name = "reports"

urlpatterns = [
    path("bron/<slug:slug>/meld-een-fout/", views.report_problem, name="report"),
]
