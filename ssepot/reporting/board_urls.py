from django.urls import path

from ssepot.reporting import board

app_name = "board"
urlpatterns = [
    path("", board.index, name="index"),
    path("<int:period_id>/", board.period_board, name="period"),
    path("<int:period_id>/calidad.csv", board.period_board_csv, name="period_csv"),
]
