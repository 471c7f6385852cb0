"""The command line's reference, written from the commands themselves (their docstrings,
arguments and options), so that `docs/cli.md` cannot drift from `baokan --help`.

    python -m baokan.clidoc > docs/cli.md
"""

from __future__ import annotations

from typing import Any

import typer

from .cli import app


def _param(p: Any) -> str:
    if getattr(p, "param_type_name", "") == "argument":
        many = "..." if p.nargs == -1 else ""
        return f"- `{p.name.upper() if p.name else ''}{many}` (argument): {getattr(p, 'help', None) or ''}".rstrip()
    opts = ", ".join(f"`{o}`" for o in p.opts + p.secondary_opts)
    default = p.default
    shown = "" if default in (None, False, ()) or callable(default) else f" (default: `{default}`)"
    return f"- {opts}: {getattr(p, 'help', None) or ''}{shown}"


def _command(name: str, cmd: Any, prefix: str = "baokan") -> list[str]:
    out = [f"## `{prefix} {name}`", ""]
    if cmd.help:
        out += [cmd.help.strip(), ""]
    params = [p for p in cmd.params if p.name != "help"]
    if params:
        out += [_param(p) for p in params] + [""]
    for sub_name, sub in getattr(cmd, "commands", {}).items():  # a group's own commands
        out += _command(sub_name, sub, f"{prefix} {name}")
    return out


def reference() -> str:
    """The whole reference as markdown."""
    root = typer.main.get_command(app)
    lines = ["# The `baokan` command", "", "Written by `python -m baokan.clidoc` from the commands themselves.", ""]
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        lines += _command(name, cmd)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(reference(), end="")
