"""What lint-imports cannot see (docs/architecture.md, "Layers"): an import of another app
hidden inside a function is allowed by the layers contract when it points downward, yet the
house rule forbids it; and a private name (`_read_sheet`) imported from another app ties the
two together behind the contract's back. Read from the source with ast, nothing imported."""

import ast
from pathlib import Path

import thidua

SRC = Path(thidua.__file__).parent
APPS = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, path.relative_to(SRC).parts[0], ast.parse(path.read_text("utf-8"))


def _other_app(module: str | None, app: str) -> bool:
    parts = (module or "").split(".")
    return len(parts) >= 2 and parts[0] == "thidua" and parts[1] in APPS and parts[1] != app


def _in_ready(tree: ast.Module, node: ast.AST) -> bool:
    """Inside an AppConfig's ready(): the one place an app may import another lazily (models
    load only once the app registry is ready)."""
    return any(
        isinstance(fn, ast.FunctionDef)
        and fn.name == "ready"
        and fn.lineno <= node.lineno <= fn.end_lineno
        for cls in tree.body
        if isinstance(cls, ast.ClassDef)
        for fn in cls.body
    )


def test_no_import_of_another_app_hides_inside_a_function():
    hidden = []
    for path, app, tree in _modules():
        top = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            if id(node) in top:
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            if any(_other_app(n, app) for n in names) and not _in_ready(tree, node):
                hidden.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert hidden == [], "import it at the top of the module (or move the code down a layer)"


def test_no_private_name_is_imported_from_another_app():
    private = []
    for path, app, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and _other_app(node.module, app):
                private += [
                    f"{path.relative_to(SRC)}:{node.lineno} {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_")
                ]
    assert private == [], "make the name public in its app, or move what both need to core"


def test_the_checks_see_a_hidden_import():
    """The two tests above can fail: a function importing another app, and a private name."""
    tree = ast.parse(
        "def f():\n    from thidua.org.importers import _read_sheet\n", filename="x.py"
    )
    node = tree.body[0].body[0]
    assert _other_app(node.module, "indicators") and not _in_ready(tree, node)
    assert node.names[0].name.startswith("_")


# monitoring reads the domain apps only through their selectors (docs/architecture.md) --------

READ_MODEL_APPS = ["monitoring"]
# core is a leaf library, not a domain app: monitoring.apps connects a signal to its AuditLog.
LIBRARIES = {"core"}


def _models_use(tree: ast.Module, app: str) -> list[str]:
    """Imports of another app's `models` (the module or names from it), and `.objects` on any
    name not imported from the app's own models."""
    own: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if node.module == f"thidua.{app}.models":
                own |= {a.asname or a.name for a in node.names}
            elif (
                _other_app(node.module, app)
                and parts[1] not in LIBRARIES
                and (parts[-1] == "models" or any(a.name == "models" for a in node.names))
            ):
                found.append(f"{node.lineno} imports {node.module}")
        elif isinstance(node, ast.Import):
            found += [
                f"{node.lineno} imports {a.name}"
                for a in node.names
                if _other_app(a.name, app) and a.name.split(".")[-1] == "models"
            ]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            base = node.value
            name = base.id if isinstance(base, ast.Name) else ast.unparse(base)
            if name not in own:
                found.append(f"{node.lineno} {name}.objects")
    return found


def test_monitoring_reads_domain_apps_only_through_their_selectors():
    found = [
        f"{path.relative_to(SRC)}:{use}"
        for path, app, tree in _modules()
        if app in READ_MODEL_APPS
        for use in _models_use(tree, app)
    ]
    assert found == [], "read through the app's selectors.py, write through its services.py"


def test_the_models_check_sees_a_model_read():
    """The check above can fail: another app's model imported and queried, and an import of
    the models module itself; the app's own models pass."""
    tree = ast.parse(
        "from thidua.awards.models import Award\n"
        "from thidua.org import models as org_models\n"
        "from thidua.monitoring.models import Job\n"
        "Award.objects.filter()\n"
        "org_models.Unit.objects.all()\n"
        "Job.objects.all()\n"
    )
    assert _models_use(tree, "monitoring") == [
        "1 imports thidua.awards.models",
        "2 imports thidua.org",
        "4 Award.objects",
        "5 org_models.Unit.objects",
    ]
