"""Shell completion from the database: case references, departments and enterprises."""

from __future__ import annotations

import typer


def _completion_store(ctx):
    """The database the command line names (--db, ZHITONG_DB, default), only if it exists.


    Completion must never create a database or fail loudly: any problem means no candidates.
    """
    from pathlib import Path

    from zhitong.store import default_path, open_store

    root = ctx.find_root() if ctx is not None else None
    given = root.params.get("db") if root is not None else None
    path = Path(given).expanduser() if given else default_path()
    if not path.is_file():
        return None
    try:
        return open_store(path)
    except Exception:
        return None


def _candidates(ctx, incomplete: str, names) -> list[tuple[str, str]]:
    """(value, help) pairs starting with ``incomplete``; a name with control characters in it
    is left out (the shell would take it apart), and help text is shown, never obeyed."""
    from zhitong.text.render import clean

    store = _completion_store(ctx)
    if store is None:
        return []
    try:
        return [
            (value, clean(help_text))
            for value, help_text in names(store)
            if value.startswith(incomplete) and value == clean(value) and value.strip() == value
        ]
    except Exception:
        return []
    finally:
        store.close()


def complete_ref(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Case references, open cases first, each with its enterprise and title (the first 50)."""
    prefix = incomplete.strip().upper()

    def names(store):
        from zhitong.storage.queries import ref_candidates

        return [(ref, f"{enterprise}: {title}"[:60]) for ref, enterprise, title in ref_candidates(store, prefix)]

    return _candidates(ctx, prefix, names)


def complete_department(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _candidates(ctx, incomplete, lambda store: [(d.name, d.head or "") for d in store.departments()])


def complete_enterprise(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _candidates(ctx, incomplete, lambda store: [(e.name, e.credit_code or "") for e in store.enterprises()])


# Which parameters complete from the database, by name, in every command that has one; plus the
# few whose name does not say what they hold.
COMPLETE_BY_NAME = {"ref": complete_ref, "refs": complete_ref, "dept": complete_department, "enterprise": complete_enterprise}


COMPLETE_BY_COMMAND = {("ent", "show", "name"): complete_enterprise}


def wire_completion(typer_app: typer.Typer, path: tuple[str, ...] = ()) -> None:
    """Give every case-reference, department and enterprise parameter its completion.


    THE ONE PLACE where zhitong patches parameters it does not define: the commands live in
    the command modules, and the completions here. Each parameter's Typer
    info gets ``autocompletion`` (unless it already has one); because those modules use
    ``from __future__ import annotations``, the evaluated annotation is written back so that
    Typer, which re-evaluates string annotations on every run, sees the same object.
    Idempotent; run after every command module has registered (``launch.load_all``).
    """
    import typing

    from typer.models import ParameterInfo

    for info in typer_app.registered_commands:
        callback = info.callback
        if callback is None:
            continue
        name = info.name or callback.__name__.replace("_", "-")
        try:
            hints = typing.get_type_hints(callback, include_extras=True)
        except Exception:
            continue
        for parameter, annotation in hints.items():
            completer = COMPLETE_BY_COMMAND.get((*path, name, parameter)) or COMPLETE_BY_NAME.get(parameter)
            if completer is None or typing.get_origin(annotation) is not typing.Annotated:
                continue
            for meta in annotation.__metadata__:
                if isinstance(meta, ParameterInfo) and meta.autocompletion is None and meta.shell_complete is None:
                    meta.autocompletion = completer
                    callback.__annotations__[parameter] = annotation
    for group in typer_app.registered_groups:
        wire_completion(group.typer_instance, (*path, group.name or ""))
