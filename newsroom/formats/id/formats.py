# Indonesian date formats with the time zone shown, so nobody schedules a
# release seven hours off. Everything not set here falls back to Django's "id".
DATETIME_FORMAT = "j N Y, H.i T"
SHORT_DATETIME_FORMAT = "d-m-Y H.i T"
