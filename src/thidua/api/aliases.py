"""One resource, one path: an operation that moved keeps answering at its old path, marked
deprecated, until outside clients have followed it.

    @with_old_path(router.post, "/council-sessions/{session_id}/open",
                   old="/councils/sessions/{session_id}/open", response=SessionOut, …)
    def session_open(request, session_id: int): …

The view is registered twice with the same options: at its canonical path, and at `old` as a
deprecated operation (OpenAPI `deprecated: true`, URL name `<view>_old`) whose every answer
carries `Deprecation: true` and `Link: <canonical URL>; rel="successor-version"`. The list of
old paths is in docs/huong-dan-su-dung.md ("Đường dẫn cũ của API").
"""

from collections.abc import Callable
from functools import update_wrapper, wraps
from typing import Any

from ninja.decorators import decorate_view

OLD = "_old"


def _successor_headers(canonical: str, old: str) -> Callable:
    """A view decorator (on the operation's run) naming the canonical URL of the request."""

    def decorator(run: Callable) -> Callable:
        @wraps(run)
        def answered(request, *args, **kwargs):
            response = run(request, *args, **kwargs)
            root = request.path.removesuffix(old.format(**kwargs))
            response["Deprecation"] = "true"
            response["Link"] = f'<{root}{canonical.format(**kwargs)}>; rel="successor-version"'
            return response

        return answered

    return decorator


def _copy(view: Callable) -> Callable:
    """A second function object for the old path, carrying what ninja decorators such as
    @paginate attached to the view (their lists copied, so neither registration adds to
    the other's) but not the operation ninja attached to the canonical registration."""

    def alias(*args, **kwargs):
        return view(*args, **kwargs)

    update_wrapper(alias, view, updated=())
    for name, value in vars(view).items():
        if name not in ("_ninja_operation", "__wrapped__"):
            setattr(alias, name, list(value) if isinstance(value, list) else value)
    alias.__name__ = alias.__qualname__ = view.__name__ + OLD
    return alias


def with_old_path(method: Callable, path: str, *, old: str, **options: Any) -> Callable:
    """`method` is the router's decorator (router.get, router.post, …); `options` are its
    keyword arguments, the same for both paths."""

    def register(view: Callable) -> Callable:
        alias = decorate_view(_successor_headers(path, old))(_copy(view))
        method(old, deprecated=True, **options)(alias)
        return method(path, **options)(view)

    return register
