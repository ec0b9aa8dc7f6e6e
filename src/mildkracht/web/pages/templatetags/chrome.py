"""``{% memo %}``: render a fixed part of a page once per process, then reuse it.

The header, navigation and footer of every page are the same for everyone who sees them in
the same language, signed in or not, on the same page: translated words and reversed URLs,
nothing personal. Rendering them again for every request cost more than the rest of most
pages, so they are rendered once and kept in this process::

    {% load chrome %}
    {% memo user.is_authenticated current %} ... {% endmemo %}

The active language is always part of the key; the tag's arguments add to it. Everything
inside must depend only on the key and the language, so that the same key always gives the
same markup, for anyone: never put a CSRF token, a message, a query string or anything
about the person that is not in the key inside a ``memo`` block. A key may be a value
(the minutes of a week, say): the block is then rendered once per distinct value.
"""

from __future__ import annotations

import itertools
import threading

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: More distinct keys than pages × languages × signed in or not: the store is cleared
#: rather than allowed to grow without bound.
MAX_ENTRIES = 2048

_rendered: dict[tuple[object, ...], SafeString] = {}
_lock = threading.Lock()
# Each block, as compiled, gets its own number: two blocks never share a rendering.
_serial = itertools.count()


class MemoNode(template.Node):
    # Extending a template searches every node for blocks, on every render; a memo block
    # holds none (blocks must stay outside it), so the search need not look inside.
    child_nodelists = ()

    def __init__(self, nodelist: NodeList, vary_on: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.vary_on = vary_on
        self.serial = next(_serial)

    def render(self, context: Context) -> SafeString:
        key = (
            self.serial,
            translation.get_language(),
            *(expression.resolve(context) for expression in self.vary_on),
        )
        found = _rendered.get(key)
        if found is None:
            found = mark_safe(self.nodelist.render(context))
            with _lock:
                if len(_rendered) >= MAX_ENTRIES:
                    _rendered.clear()
                _rendered[key] = found
        return found


@register.tag
def memo(parser: Parser, token: Token) -> MemoNode:
    """``{% memo [value ...] %} fixed markup {% endmemo %}`` (see the module's notes)."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits])


def forget() -> None:
    """Drop every remembered block (for tests that change what the blocks contain)."""
    with _lock:
        _rendered.clear()
