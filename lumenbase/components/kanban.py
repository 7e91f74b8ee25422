"""HTML5 drag and drop for the deals board, with no extra package.

Reflex 0.10 has no drag triggers on its elements, so `DragZone` is a div that declares them. The
dragged card's id travels in the browser's own DataTransfer: a card's dragstart stores it
(client side, no round trip), and a column's drop hands it to the server handler along with the
column's stage. dragover and the column highlight are client-side too, so nothing is sent to the
server while a card is in flight.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var
from reflex.vars.function import FunctionStringVar


def _the_event(event: Var) -> tuple[Var]:
    return (event,)


def _dropped_text(event: ObjectVar[dict]) -> tuple[Var[str]]:
    # The dragged deal's id; reading it also turns the column's highlight off, which no
    # dragleave will do after a drop.
    js = event._js_expr
    return (
        Var(
            _js_expr=f"(delete {js}.currentTarget.dataset.over, "
            f"{js}.dataTransfer.getData('text/plain'))",
            _var_type=str,
        ),
    )


class DragZone(rx.el.Div):
    """A div with the HTML5 drag and drop events."""

    on_drag_start: rx.EventHandler[_the_event]
    on_drag_end: rx.EventHandler[_the_event]
    on_drag_over: rx.EventHandler[_the_event]
    on_drag_enter: rx.EventHandler[_the_event]
    on_drag_leave: rx.EventHandler[_the_event]
    on_drop: rx.EventHandler[_dropped_text]


# (card id, event): put the id on the drag; mark the card while it moves.
_START = FunctionStringVar.create(
    "((id, ev) => { ev.dataTransfer.setData('text/plain', id); "
    "ev.dataTransfer.effectAllowed = 'move'; ev.currentTarget.dataset.dragging = 'true'; })"
)
_END = FunctionStringVar.create("((ev) => { delete ev.currentTarget.dataset.dragging; })")
# A column accepts the drop (preventDefault) and lights up while a card is over it.
_OVER = FunctionStringVar.create(
    "((ev) => { ev.preventDefault(); ev.dataTransfer.dropEffect = 'move'; "
    "ev.currentTarget.dataset.over = 'true'; })"
)
_LEAVE = FunctionStringVar.create(
    "((ev) => { if (!ev.currentTarget.contains(ev.relatedTarget)) "
    "delete ev.currentTarget.dataset.over; })"
)


def draggable_card(card_id: Var, *children, **props) -> rx.Component:
    return DragZone.create(
        *children,
        draggable=True,
        on_drag_start=_START.partial(card_id),
        on_drag_end=_END,
        cursor="grab",
        _hover={"box_shadow": f"0 1px 4px {rx.color('gray', 6)}"},
        style={"&[data-dragging=true]": {"opacity": "0.5"}},
        **props,
    )


def drop_column(on_drop, *children, **props) -> rx.Component:
    """`on_drop` receives the dropped deal's id as its last argument."""
    return DragZone.create(
        *children,
        on_drag_over=_OVER,
        on_drag_enter=_OVER,
        on_drag_leave=_LEAVE,
        on_drop=on_drop.prevent_default,
        style={"&[data-over=true]": {"outline": f"2px dashed {rx.color('accent', 8)}"}},
        **props,
    )
