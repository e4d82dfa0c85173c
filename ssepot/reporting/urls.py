from django.urls import path

from ssepot.reporting import batch_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("asignacion/<int:pk>/", views.assignment, name="assignment"),
    path("asignacion/<int:pk>/historial/", views.timeline, name="timeline"),
    path("asignacion/<int:pk>/evidencia/", views.upload_evidence, name="upload_evidence"),
    path("asignacion/<int:pk>/responder/", views.answer, name="answer"),
    path("evidencia/<int:pk>/", views.download_evidence, name="download_evidence"),
    path("periodos/", views.periods, name="periods"),
    path("periodos/<int:period_id>/cerrar/", views.close_period, name="close_period"),
    path("revision/<int:period_id>/", views.review_queue, name="review_queue"),
    path("revision/<int:period_id>/<int:agency_id>/", views.agency_review, name="agency_review"),
    path("revision/<int:period_id>/<int:agency_id>/aprobar/", views.approve_all, name="approve_all"),
    path("revision/asignacion/<int:pk>/corregir/", views.correct, name="correct"),
    path(
        "revision/asignacion/<int:pk>/<str:verb>/",
        views.review,
        name="review",
    ),
    path("publicar/<int:period_id>/", views.publish, name="publish"),
    path("importaciones/", batch_views.batches, name="batches"),
    path("importaciones/<int:pk>/", batch_views.batch, name="batch"),
    path("importaciones/<int:pk>/publicar/<int:year>/", batch_views.publish_year, name="publish_batch_year"),
    path("importaciones/<int:pk>/<str:verb>/", batch_views.decide, name="decide_batch"),
    path("<int:period_id>/libro/<int:agency_id>/", views.download_workbook, name="download_workbook"),
    path("<int:period_id>/cargar/<int:agency_id>/", views.upload_workbook, name="upload_workbook"),
]
