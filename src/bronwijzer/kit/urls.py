from django.urls import path, register_converter

from bronwijzer.kit import views, views_discreet, views_interpreter, views_listen
from bronwijzer.kit.codec import KitCodeConverter
from bronwijzer.lib.paths import KIT_PREFIX, route

register_converter(KitCodeConverter, "kit")

app_name = "kit"
KIT = route(KIT_PREFIX)  # "gesprekskit/"

urlpatterns = [
    path(KIT, views.kit_start, name="start"),
    path(f"{KIT}voorstel/", views.kit_propose_view, name="propose"),
    path(f"{KIT}toevoegen/<slug:slug>/", views.kit_add, name="add"),
    path(f"{KIT}<kit:code>/", views.kit_detail, name="detail"),
    path(f"{KIT}<kit:code>/ouders/<str:lang>/", views.handout, name="handout"),
    path(f"{KIT}<kit:code>/ouders/<str:lang>.pdf", views.handout_pdf, name="handout_pdf"),
    # the discreet handout: "informatie", not "discreet", as the link may be read on her phone
    path(f"{KIT}<kit:code>/informatie/<str:lang>/", views_discreet.handout_discreet, name="handout_discreet"),
    path(
        f"{KIT}<kit:code>/informatie/<str:lang>.pdf",
        views_discreet.handout_discreet_pdf,
        name="handout_discreet_pdf",
    ),
    path(f"{KIT}<kit:code>/sturen/<str:lang>/", views.kit_send, name="send"),
    path(f"{KIT}<kit:code>/luister/<str:lang>/", views_listen.listen, name="listen"),
    path(f"{KIT}<kit:code>/voorbereiding/", views.prep_sheet, name="prep"),
    path(f"{KIT}<kit:code>/voorbereiding.pdf", views.prep_sheet_pdf, name="prep_pdf"),
    path(f"{KIT}<kit:code>/tolk/<str:lang>/", views_interpreter.interpreter_sheet, name="interpreter"),
    path(
        f"{KIT}<kit:code>/tolk/<str:lang>.pdf",
        views_interpreter.interpreter_sheet_pdf,
        name="interpreter_pdf",
    ),
]
