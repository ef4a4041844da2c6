"""An admin for records kept for good (audits): readable, never changed from the admin."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """An audit record: readable by those with view permission; nobody adds, edits or
    deletes it from the admin, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
