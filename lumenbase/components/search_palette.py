"""The search box in the sidebar and the command palette it opens (also with Ctrl/Cmd+K).

Arrow keys, Enter and the shortcut are handled in the browser (`SearchKeys`), so moving through
results sends nothing to the server; typing is debounced and searched by SearchPaletteState.
"""

from __future__ import annotations

import reflex as rx

from lumenbase.components.ui import empty_state, error_callout
from lumenbase.state.search import SearchPaletteState

# Marks what the keyboard handler looks for: the palette's input and its result links.
INPUT_ATTR = "data-search-input"
RESULT_ATTR = "data-search-result"

_KEYS_JS = f"""
useEffect(() => {{
  if (typeof document === 'undefined') return;
  // Only the palette's own results (the /search page behind it lists hits too).
  const results = (from) => {{
    const dialog = from && from.closest ? from.closest('[role="dialog"]') : null;
    return dialog ? Array.from(dialog.querySelectorAll('[{RESULT_ATTR}]')) : [];
  }};
  const onKey = (e) => {{
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key || '').toLowerCase() === 'k') {{
      const input = document.querySelector('input[{INPUT_ATTR}]');
      const trigger = document.querySelector('[data-testid="open-search"]');
      e.preventDefault();
      if (input) input.focus(); else if (trigger) trigger.click();
      return;
    }}
    if (!e.target || !e.target.closest || !e.target.closest('[{INPUT_ATTR}]')) return;
    if (!['ArrowDown', 'ArrowUp', 'Enter'].includes(e.key)) return;
    const items = results(e.target);
    if (!items.length) return;
    e.preventDefault();
    let i = items.findIndex((el) => el.dataset.active === 'true');
    if (e.key === 'Enter') {{ (items[i] || items[0]).click(); return; }}
    if (i >= 0) items[i].dataset.active = 'false';
    i = e.key === 'ArrowDown' ? (i + 1) % items.length : (i <= 0 ? items.length : i) - 1;
    items[i].dataset.active = 'true';
    items[i].scrollIntoView({{ block: 'nearest' }});
  }};
  const onInput = (e) => {{
    if (e.target && e.target.closest && e.target.closest('[{INPUT_ATTR}]'))
      results(e.target).forEach((el) => {{ el.dataset.active = 'false'; }});
  }};
  document.addEventListener('keydown', onKey);
  document.addEventListener('input', onInput);
  return () => {{
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('input', onInput);
  }};
}}, []);
"""

# Visible to screen readers only (the dialog's title and description).
SR_ONLY = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}


class SearchKeys(rx.Fragment):
    """Renders nothing; installs the palette's keyboard handling once per page."""

    def add_hooks(self) -> list[str]:
        return [_KEYS_JS]


def type_icon(record_type: rx.Var) -> rx.Component:
    return rx.match(
        record_type,
        ("contact", rx.icon("contact", size=16)),
        ("company", rx.icon("building-2", size=16)),
        ("lead", rx.icon("user-plus", size=16)),
        ("deal", rx.icon("handshake", size=16)),
        rx.icon("file", size=16),
    )


ACTIVE_STYLE = {
    "&[data-active='true']": {"background": rx.color("accent", 4)},
    "&:hover": {"background": rx.color("gray", 3)},
}


def hit_link(row, on_click=None, *, in_palette: bool = False) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.box(type_icon(row["type"]), color=rx.color("gray", 10), padding_top="2px"),
            rx.vstack(
                rx.text(row["title"], size="2", weight="medium", data_testid="search-result-title"),
                rx.cond(
                    row["subtitle"] != "",
                    rx.text(row["subtitle"], size="1", color=rx.color("gray", 11)),
                ),
                spacing="0",
                min_width="0",
            ),
            spacing="3",
            align="start",
        ),
        href=row["href"],
        on_click=on_click,
        underline="none",
        color=rx.color("gray", 12),
        display="block",
        width="100%",
        padding="8px 10px",
        border_radius="6px",
        style=ACTIVE_STYLE,
        custom_attrs={RESULT_ATTR: "hit"} if in_palette else {},
        data_testid="search-result",
    )


def _palette_row(row) -> rx.Component:
    close = SearchPaletteState.close_palette
    return rx.match(
        row["kind"],
        (
            "header",
            rx.hstack(
                rx.text(row["title"], size="1", weight="bold", color=rx.color("gray", 10)),
                rx.text(row["subtitle"], size="1", color=rx.color("gray", 9)),
                padding="10px 10px 2px",
                spacing="2",
                data_testid="search-group",
            ),
        ),
        (
            "more",
            rx.link(
                row["title"],
                " →",
                href=row["href"],
                on_click=close,
                size="1",
                display="block",
                padding="4px 10px 6px",
                border_radius="6px",
                style=ACTIVE_STYLE,
                custom_attrs={RESULT_ATTR: "more"},
                data_testid="search-see-all",
            ),
        ),
        hit_link(row, on_click=close, in_palette=True),
    )


def search_trigger() -> rx.Component:
    """The search box at the top of the sidebar; it opens the palette."""
    return rx.button(
        rx.icon("search", size=14),
        rx.text("Search…", size="2"),
        rx.spacer(),
        rx.text("Ctrl K", size="1", color=rx.color("gray", 9)),
        variant="surface",
        color_scheme="gray",
        width="100%",
        justify="start",
        cursor="text",
        on_click=SearchPaletteState.open_palette,
        data_testid="open-search",
    )


def _hint() -> rx.Component:
    return rx.vstack(
        rx.text("Find contacts, companies, leads and deals.", size="2", weight="medium"),
        rx.text(
            "Type a name, an email, a company domain or a phone number; small typos and "
            "accents are forgiven.",
            size="2",
            color=rx.color("gray", 10),
        ),
        padding="24px 12px",
        spacing="1",
        data_testid="search-hint",
    )


def typo_note(query: rx.Var) -> rx.Component:
    return rx.text(
        f"Nothing is spelled “{query}”; these are one slip away.",
        size="1",
        color=rx.color("amber", 11),
        padding="4px 10px 0",
        data_testid="search-typo-note",
    )


def _results() -> rx.Component:
    s = SearchPaletteState
    return rx.cond(
        s.palette_rows.length() > 0,
        rx.vstack(
            rx.cond(s.palette_typos, typo_note(s.palette_query)),
            rx.foreach(s.palette_rows, _palette_row),
            spacing="0",
            width="100%",
            max_height="min(460px, 60vh)",
            overflow_y="auto",
            data_testid="search-results",
        ),
        rx.cond(
            s.palette_searched,
            empty_state(
                "search-x",
                f"No results for “{s.palette_query}”.",
                "Check the spelling, or try an email, a company domain or a phone number.",
            ),
            _hint(),
        ),
    )


def _footer() -> rx.Component:
    s = SearchPaletteState
    return rx.hstack(
        rx.text("↑ ↓ to move · Enter to open · Esc to close", size="1", color=rx.color("gray", 9)),
        rx.spacer(),
        rx.cond(
            s.palette_rows.length() > 0,
            rx.link(
                "All results on one page →",
                href=s.palette_all_href,
                on_click=s.close_palette,
                size="1",
                data_testid="search-all-results",
            ),
        ),
        width="100%",
        align="center",
        padding_top="8px",
        border_top=f"1px solid {rx.color('gray', 4)}",
    )


def search_palette() -> rx.Component:
    s = SearchPaletteState
    return rx.fragment(
        SearchKeys.create(),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title("Search", style=SR_ONLY),
                rx.dialog.description("Search contacts, companies, leads and deals", style=SR_ONLY),
                rx.vstack(
                    rx.debounce_input(
                        rx.input(
                            rx.input.slot(rx.icon("search", size=16)),
                            placeholder="Search contacts, companies, leads and deals…",
                            value=s.palette_query,
                            on_change=s.search_palette,
                            size="3",
                            width="100%",
                            auto_focus=True,
                            custom_attrs={INPUT_ATTR: "true"},
                            data_testid="search-input",
                        ),
                        debounce_timeout=250,
                    ),
                    error_callout(s.palette_error),
                    _results(),
                    _footer(),
                    spacing="2",
                    width="100%",
                ),
                max_width="640px",
                padding="12px",
                # Radix's Dialog.Content align: near the top, like other command palettes.
                custom_attrs={"align": "start"},
                data_testid="search-palette",
            ),
            open=s.palette_open,
            on_open_change=s.set_palette_open,
        ),
    )
