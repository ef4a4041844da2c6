"""Staff accounts in the admin: Django's user admin, plus the two-factor state and its reset.

An Admin (``auth.change_user``) resets the authenticator of someone who lost their
phone; that person then logs in with the password alone, and enrols again (at once,
when ``NEWSROOM_REQUIRE_2FA`` applies to them). django-otp's own device admin is
removed: devices are made only on the enrolment page, by their owner.

The user and group pages speak Indonesian throughout: permissions are listed as
"Redaksi | Dapat mengubah berita" (Django stores "Can change berita"), the password
field says only whether a password is set (not the hasher's algorithm, salt and hash),
and a deletion's summary leaves out the user-group and group-permission link rows.
django-axes' lockout pages get Indonesian column names (locale/ translates the rest).
"""

import logging

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    ReadOnlyPasswordHashWidget,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.accounts import two_factor

logger = logging.getLogger("newsroom.auth")
User = get_user_model()

# Django's default permissions, named as Django names them ("Can add %s") but in Indonesian.
DEFAULT_PERMISSION_NAMES = {
    "add": _("Dapat menambah %(model)s"),
    "change": _("Dapat mengubah %(model)s"),
    "delete": _("Dapat menghapus %(model)s"),
    "view": _("Dapat melihat %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """``permission`` as the admin lists it: its app's name, then what it allows, in
    Indonesian ("Redaksi | Dapat mengubah berita"). Custom permissions keep their names."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _separator, model_name = permission.codename.partition("_")
    name = permission.name
    if model is not None and model_name == model._meta.model_name:
        template = DEFAULT_PERMISSION_NAMES.get(action)
        if template is not None:
            # gettext: some third-party models' names are plain strings (locale/ has them).
            name = str(template) % {"model": gettext(str(model._meta.verbose_name))}
    try:
        app = apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:  # a content type left behind by a removed app
        app = content_type.app_label
    return f"{app} | {name}"


class PermissionLabelsMixin:
    """Lists permissions with ``permission_label`` and keeps link rows (user-group,
    group-permission) out of a deletion's summary."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if field is not None and db_field.remote_field.model is Permission:
            field.label_from_instance = permission_label
        return field

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        relations = [  # the ManyToManyRel of each many-to-many, either way round
            field if hasattr(field, "through") else field.remote_field
            for field in self.model._meta.get_fields(include_hidden=True)
            if field.many_to_many
        ]
        links = [rel.through._meta for rel in relations if rel.through._meta.auto_created]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}
        return (
            _without_rows(deleted, prefixes),
            {name: count for name, count in model_count.items() if str(name) not in plurals},
            perms_needed,
            protected,
        )


def _without_rows(nested: list, prefixes: tuple[str, ...]) -> list:
    """``nested`` (the admin's nested list of strings) without the items that start with
    one of ``prefixes``, and without the list of what each such item would take along."""
    kept, skip_children = [], False
    for item in nested:
        if isinstance(item, list):
            if not skip_children:
                kept.append(_without_rows(item, prefixes))
            skip_children = False
            continue
        skip_children = str(item).startswith(prefixes)
        if not skip_children:
            kept.append(item)
    return kept


class PasswordStateWidget(ReadOnlyPasswordHashWidget):
    """Says that a password is set, without the hasher's algorithm, salt and hash."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if any("value" in entry for entry in context["summary"]):
            context["summary"] = [{"label": _("Sandi sudah ditetapkan.")}]
        return context


class NewsroomUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            password.widget = PasswordStateWidget()


class NewsroomPasswordChangeForm(AdminPasswordChangeForm):
    # Django adds its warning to the help text in English, untranslated.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("Bila dinonaktifkan, sandi pengguna ini yang sekarang hilang."),
    )


class NewsroomGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    pass


class NewsroomUserAdmin(PermissionLabelsMixin, UserAdmin):
    form = NewsroomUserChangeForm
    change_password_form = NewsroomPasswordChangeForm
    list_display = (*UserAdmin.list_display, "has_two_factor")
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor_on=Exists(confirmed))

    @admin.display(description=_("verifikasi dua langkah"), boolean=True, ordering="two_factor_on")
    def has_two_factor(self, user) -> bool:
        return user.two_factor_on

    @admin.action(
        description=_("Atur ulang verifikasi dua langkah (ponsel hilang)"), permissions=["change"]
    )
    def reset_two_factor(self, request, queryset):
        reset = []
        for user in queryset:
            if two_factor.remove_devices(user):
                reset.append(user.get_username())
                logger.warning(
                    "Two-factor device reset for %s by %s",
                    user.get_username(),
                    request.user.get_username(),
                )
        if reset:
            self.message_user(
                request,
                _(
                    "Verifikasi dua langkah diatur ulang untuk: %(names)s. Mereka masuk dengan "
                    "kata sandi saja, lalu mendaftarkan aplikasi autentikator lagi."
                )
                % {"names": ", ".join(reset)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("Tidak ada pengguna terpilih yang memakai verifikasi dua langkah."),
                messages.WARNING,
            )


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """django-axes' failed sign-ins, with its two computed columns named in Indonesian."""

    @admin.display(description=_("berakhir pada"))
    def expiration(self, obj: AccessAttempt):
        return super().expiration(obj)

    @admin.display(description=_("status"))
    def status(self, obj: AccessAttempt):
        return super().status(obj)


for model in [User, Group, TOTPDevice, AccessAttempt]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(User, NewsroomUserAdmin)
admin.site.register(Group, NewsroomGroupAdmin)
if axes_admin.settings.AXES_ENABLE_ADMIN:
    admin.site.register(AccessAttempt, AccessAttemptAdmin)
