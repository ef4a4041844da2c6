"""Settings come from the environment and refuse to start half-configured in production."""

import json

import pytest

from tests.subprocesses import production_env, run_manage


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_setting(tmp_path, missing):
    result = run_manage("check", **production_env(tmp_path, **{missing: None}))
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_debug_mode_starts_with_local_defaults(tmp_path):
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_locale_and_time_zone(settings):
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == (
        "id",
        "Asia/Jakarta",
        True,
    )


def test_production_static_files_get_hashed_and_compressed_names(tmp_path):
    static_root = tmp_path / "static"
    result = run_manage(
        "collectstatic",
        "--noinput",
        "-v0",
        **production_env(tmp_path, STATIC_ROOT=str(static_root)),
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (static_root / hashed).exists()
    assert (static_root / f"{hashed}.gz").exists()
