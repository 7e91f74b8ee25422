"""The `lumenbase` command: run, migrate, create-admin, seed-demo, import-csv, db-stop.

Each command calls services; errors of the project's own types become a message on stderr and
exit code 2 (bad input) or 1 (anything else).
"""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from lumenbase.config import PROJECT_ROOT, ConfigurationError, settings
from lumenbase.errors import LumenbaseError, ValidationFailed

DEMO_ADMIN_EMAIL = "admin@lumenbase.example.com"
DEMO_ADMIN_PASSWORD = "lumenbase-demo"


def _now() -> datetime:
    return datetime.now(UTC)


def cmd_migrate(args: argparse.Namespace) -> int:
    from lumenbase.schema import migrate

    migrate()
    print("Database is at the latest schema.")
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    from lumenbase.services.workspaces import create_workspace_with_admin

    password = args.password or os.environ.get("LUMENBASE_ADMIN_PASSWORD")
    if not password:
        password = getpass.getpass("Password for the new admin: ")
    ctx = create_workspace_with_admin(
        workspace_name=args.workspace,
        email=args.email,
        full_name=args.name,
        password=password,
        now=_now(),
    )
    print(f"Created workspace '{args.workspace}' (id {ctx.workspace_id}) with admin {args.email}.")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from lumenbase.services import demo

    result = demo.seed_demo_workspace(
        admin_email=DEMO_ADMIN_EMAIL,
        admin_password=DEMO_ADMIN_PASSWORD,
        seed=args.seed,
        now=_now(),
        data_dir=Path(args.data_dir) if args.data_dir else None,
        if_missing=args.if_missing,
    )
    print(result.summary())
    return 0


def cmd_import_csv(args: argparse.Namespace) -> int:
    from lumenbase.services import csv_import
    from lumenbase.services.auth import context_for_email

    ctx = context_for_email(args.as_user)
    report = csv_import.import_file(
        ctx,
        path=Path(args.file),
        entity=args.entity,
        now=_now(),
    )
    print(report.summary())
    for problem in report.problems[: args.show_errors]:
        print(f"  line {problem.line}: {problem.message}")
    return 0 if report.imported_any or not report.problems else 2


def cmd_db_stop(args: argparse.Namespace) -> int:
    cfg = settings()
    if not cfg.embedded_database:
        print("DATABASE_URL is set: Lumenbase does not manage that server.")
        return 0
    from lumenbase import embedded_db

    print("Stopped the embedded PostgreSQL." if embedded_db.stop(cfg) else "It was not running.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Migrate, seed the demo workspace on first run, then start the web app."""
    from lumenbase.schema import migrate

    migrate()
    if not args.no_demo:
        cmd_seed_demo(argparse.Namespace(seed=42, data_dir=None, if_missing=True))
    port = args.port or settings().app_port
    print()
    print(f"  Lumenbase is starting at http://localhost:{port}/")
    if not args.no_demo:
        print(f"  Demo admin: {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD}")
    print("  (the first start builds the web frontend, which takes a minute or two)")
    print()
    env = dict(os.environ, REFLEX_USE_NPM="1", PYTHONUNBUFFERED="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod" if not args.dev else "dev",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port if not args.dev else port + 1),
    ]
    return subprocess.call(command, cwd=PROJECT_ROOT, env=env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lumenbase", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="migrate, seed the demo on first run, start the app")
    run.add_argument("--port", type=int, default=None)
    run.add_argument("--no-demo", action="store_true", help="do not create the demo workspace")
    run.add_argument("--dev", action="store_true", help="hot reload (frontend and backend ports)")
    run.set_defaults(func=cmd_run)

    commands.add_parser(
        "migrate", help="create roles/database and upgrade the schema"
    ).set_defaults(func=cmd_migrate)

    admin = commands.add_parser("create-admin", help="create a workspace and its first admin")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True, help="the admin's full name")
    admin.add_argument("--workspace", required=True, help="name of the new workspace")
    admin.add_argument("--password", help="prompted for when omitted (or LUMENBASE_ADMIN_PASSWORD)")
    admin.set_defaults(func=cmd_create_admin)

    seed = commands.add_parser("seed-demo", help="create the demo workspace from a seed")
    seed.add_argument("--seed", type=int, default=42)
    seed.add_argument("--data-dir", help="folder of real CSV files to import into the demo")
    seed.add_argument("--if-missing", action="store_true", help="do nothing if the demo exists")
    seed.set_defaults(func=cmd_seed_demo)

    imp = commands.add_parser("import-csv", help="import contacts or companies from a CSV file")
    imp.add_argument("file")
    imp.add_argument("--entity", choices=["contacts", "companies", "leads", "auto"], default="auto")
    imp.add_argument("--as-user", required=True, help="email of the admin the import runs as")
    imp.add_argument("--show-errors", type=int, default=20, help="how many row problems to print")
    imp.set_defaults(func=cmd_import_csv)

    commands.add_parser("db-stop", help="stop the embedded PostgreSQL").set_defaults(
        func=cmd_db_stop
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationFailed as exc:
        for field, message in exc.field_errors.items():
            print(f"error: {field}: {message}", file=sys.stderr)
        return 2
    except (LumenbaseError, ConfigurationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
