from django.urls import path, register_converter

from bronwijzer.kit import views
from bronwijzer.kit.codec import KitCodeConverter

register_converter(KitCodeConverter, "kit")

app_name = "kit"

urlpatterns = [
    path("gesprekskit/", views.kit_start, name="start"),
    path("gesprekskit/voorstel/", views.kit_propose_view, name="propose"),
    path("gesprekskit/toevoegen/<slug:slug>/", views.kit_add, name="add"),
    path("gesprekskit/<kit:code>/", views.kit_detail, name="detail"),
    path("gesprekskit/<kit:code>/ouders/<str:lang>/", views.handout, name="handout"),
    path("gesprekskit/<kit:code>/ouders/<str:lang>.pdf", views.handout_pdf, name="handout_pdf"),
    path("gesprekskit/<kit:code>/voorbereiding/", views.prep_sheet, name="prep"),
    path("gesprekskit/<kit:code>/voorbereiding.pdf", views.prep_sheet_pdf, name="prep_pdf"),
]
