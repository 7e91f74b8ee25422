"""Reflex configuration. Telemetry is off; the sitemap is pointless for a logged-in app."""

import reflex as rx

config = rx.Config(
    app_name="lumenbase",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
