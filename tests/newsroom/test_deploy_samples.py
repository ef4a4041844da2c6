"""The deployment samples in deploy/ stay honest: the env file names only variables the
settings read and every variable the README documents; the systemd units, timers and
cron file run real management commands; nginx and gunicorn agree."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from articles.photos import images

PROJECT = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT / "deploy"

# env.str("NAME"), env.bool('NAME'), required("NAME"), os.environ.get("NAME"), os.environ["NAME"]
READ_PATTERN = re.compile(
    r"""(?:\benv\.\w+|\brequired|os\.environ\.get|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def variables_read() -> set[str]:
    sources = [*(PROJECT / "newsroom" / "settings").glob("*.py"), PROJECT / "gunicorn.conf.py"]
    return {name for path in sources for name in READ_PATTERN.findall(path.read_text())}


def env_example_variables() -> set[str]:
    """Every NAME=value line, commented out or not."""
    text = (DEPLOY / "env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def readme_configuration_variables() -> set[str]:
    readme = (PROJECT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def management_commands_in(path: Path) -> list[str]:
    """The commands a sample runs (comments left out)."""
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    return re.findall(r"(?:manage\.py|newsroom-manage) ([a-z_]+)", "\n".join(lines))


def test_the_pattern_finds_the_settings_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "S3_BUCKET", "WEB_CONCURRENCY"} <= (
        variables_read()
    )


def test_env_example_names_only_variables_the_settings_read():
    unknown = env_example_variables() - variables_read()
    assert not unknown, f"deploy/env.example sets variables nothing reads: {sorted(unknown)}"


def test_env_example_lists_every_documented_variable():
    documented = readme_configuration_variables()
    assert len(documented) > 20
    missing = documented - env_example_variables()
    assert not missing, f"deploy/env.example lacks README variables: {sorted(missing)}"


def test_env_example_sets_every_required_variable():
    text = (DEPLOY / "env.example").read_text()
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        assert re.search(rf"^{name}=\S", text, flags=re.MULTILINE), name


UNITS_AND_CRON = sorted(
    [*DEPLOY.glob("*.service"), DEPLOY / "newsroom.cron", DEPLOY / "newsroom-manage"]
)


@pytest.mark.parametrize("path", UNITS_AND_CRON, ids=lambda path: path.name)
def test_samples_run_only_real_management_commands(path):
    commands = get_commands()
    for command in management_commands_in(path):
        assert command in commands, f"{path.name} runs manage.py {command}, which does not exist"


def test_every_periodic_job_has_a_timer_and_a_cron_line():
    timers = sorted(DEPLOY.glob("*.timer"))
    assert timers
    timed = []
    for timer in timers:
        service = timer.with_suffix(".service")
        assert service.exists(), f"{timer.name} has no {service.name}"
        assert "OnCalendar=" in timer.read_text()
        timed += management_commands_in(service)
    assert "flush_view_counts" in timed
    assert sorted(timed) == sorted(management_commands_in(DEPLOY / "newsroom.cron"))


def test_units_read_the_env_file_and_run_as_the_service_user():
    for unit in DEPLOY.glob("*.service"):
        text = unit.read_text()
        assert "EnvironmentFile=/etc/newsroom/env" in text, unit.name
        assert "User=newsroom" in text, unit.name
        assert "NoNewPrivileges=yes" in text and "ProtectSystem=strict" in text, unit.name


def test_gunicorn_unit_and_nginx_agree_with_the_app():
    unit = (DEPLOY / "newsroom.service").read_text()
    assert "-c gunicorn.conf.py newsroom.wsgi" in unit
    assert (PROJECT / "newsroom" / "wsgi.py").exists()
    gunicorn_conf = (PROJECT / "gunicorn.conf.py").read_text()
    assert '"GUNICORN_BIND", "127.0.0.1:8000"' in gunicorn_conf
    nginx = (DEPLOY / "nginx-newsroom.conf").read_text()
    assert "server 127.0.0.1:8000;" in nginx
    body_limit = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert body_limit * 1024 * 1024 > images.DEFAULT_MAX_BYTES
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    # Django sets the security headers; nginx must not send a second, different policy.
    assert "Content-Security-Policy" not in nginx and "Strict-Transport-Security" not in nginx


def test_the_sample_env_passes_check_deploy(tmp_path):
    """The sample's values, with a real secret key and a reachable database, make a
    production configuration `manage.py check --deploy` has nothing to say about."""
    import secrets

    from tests.subprocesses import run_manage

    text = (DEPLOY / "env.example").read_text()
    sample = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.MULTILINE))
    sample.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **sample)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
