"""``sluice connections``: create (three ways to give the config), list, test, discover, and
readable errors for duplicates, wrong master passwords and an un-migrated database."""

from __future__ import annotations

import json

import pytest
import typer

from tests.cli.conftest import Cli, pg_config


def test_create_list_test_discover(cli: Cli, source_db: str, dest_db: str) -> None:
    src_file = cli.write_json("src.json", pg_config(source_db))
    created = cli.ok(
        "connections", "create", "src", "--type", "postgres", "--source", "--config-file", src_file
    )
    assert "created source connection 'src'" in created
    assert "s3cret-never-printed" not in created
    assert '"password": "**********"' in created

    dst = pg_config(dest_db)
    sets = [f"--set={k}={v}" for k, v in dst.items() if k != "port"]
    created = cli.ok(
        "connections",
        "create",
        "dst",
        "--type",
        "postgres",
        "--destination",
        "--config",
        json.dumps({"port": dst["port"]}),
        *sets,
    )
    assert "created destination connection 'dst'" in created
    assert "s3cret-never-printed" not in created

    listed = cli.ok("connections", "list")
    assert "src" in listed
    assert "dst" in listed
    assert "destination" in listed
    assert "never" in listed

    tested = cli.ok("connections", "test", "src")
    assert tested.startswith("ok src")
    assert "ok" in cli.ok("connections", "list").split("src")[1]
    cli.ok("connections", "test", "2")  # by id

    discovered = cli.ok("connections", "discover", "src")
    assert "public.items" in discovered
    assert "public.extra" in discovered
    assert "2 stream(s) discovered" in discovered
    items_row = next(line for line in discovered.splitlines() if "public.items" in line)
    assert "500" in items_row  # row estimate
    assert " 3 " in items_row  # columns
    assert "id" in items_row  # primary key


def test_duplicate_name_and_bad_input_are_readable(cli: Cli, source_db: str) -> None:
    config = json.dumps(pg_config(source_db))
    cli.ok("connections", "create", "src", "--type", "postgres", "--source", "--config", config)
    again = cli(
        "connections", "create", "src", "--type", "postgres", "--source", "--config", config
    )
    assert again.exit_code == 1
    assert "a connection named 'src' already exists" in again.output

    no_role = cli("connections", "create", "x", "--type", "postgres", "--config", config)
    assert no_role.exit_code == 1
    assert "--source or a --destination" in no_role.output
    bad_json = cli(
        "connections", "create", "x", "--type", "postgres", "--source", "--config", "{host"
    )
    assert bad_json.exit_code == 1
    assert "--config is not valid JSON" in bad_json.output
    unknown = cli("connections", "create", "x", "--type", "nope", "--source", "--config", config)
    assert unknown.exit_code == 1
    assert "nope" in unknown.output
    missing = cli("connections", "test", "ghost")
    assert missing.exit_code == 1
    assert "no connection named 'ghost'" in missing.output


def test_failed_connection_test_exits_1(cli: Cli, source_db: str) -> None:
    config = {**pg_config(source_db), "port": 1}  # nothing listens there
    cli.ok(
        "connections",
        "create",
        "down",
        "--type",
        "postgres",
        "--source",
        "--config",
        json.dumps(config),
    )
    result = cli("connections", "test", "down")
    assert result.exit_code == 1
    assert result.output.startswith("failed down")
    assert "failed" in cli.ok("connections", "list")


def test_wrong_master_password_exits_1(
    cli: Cli, source_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = cli.home / "wrong"
    wrong.write_text("not the master password\n", encoding="utf-8")
    config = json.dumps(pg_config(source_db))
    args = ("connections", "create", "src", "--type", "postgres", "--source", "--config", config)
    by_option = cli(*args, "--master-password-file", str(wrong))
    assert by_option.exit_code == 1
    assert "error: wrong master password" in by_option.output

    monkeypatch.setenv("SLUICE_MASTER_PASSWORD_FILE", str(wrong))
    by_env = cli(*args)
    assert by_env.exit_code == 1
    assert "wrong master password" in by_env.output

    monkeypatch.delenv("SLUICE_MASTER_PASSWORD_FILE")
    prompted = cli(*args, input="still wrong\n")
    assert prompted.exit_code == 1
    assert "Master password" in prompted.output
    assert "still wrong" not in prompted.output  # hidden input
    assert "wrong master password" in prompted.output
    assert "src" not in cli.ok("connections", "list")
    cli.ok(*args, input="correct horse battery staple\n")  # the right one, typed in


def test_unmigrated_and_unset_up_database(cli_env: Cli) -> None:
    result = cli_env("connections", "list")
    assert result.exit_code == 1
    assert "run `sluice db upgrade`" in result.output
    cli_env.ok("db", "upgrade")
    result = cli_env("pipelines", "list")
    assert result.exit_code == 1
    assert "run `sluice setup`" in result.output


def test_set_parses_strings_and_json_values() -> None:
    from sluice.cli.connections import parse_assignments

    parsed = parse_assignments(["host=db", "password=12345", "port:=5432", 'streams:=["a","b"]'])
    assert parsed == {"host": "db", "password": "12345", "port": 5432, "streams": ["a", "b"]}
    with pytest.raises(typer.Exit):
        parse_assignments(["no-equals-sign"])
