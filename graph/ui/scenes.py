"""Scenes: save the current view under a name, list, rename, reorder and delete scenes,
export and import them as a small JSON file, open one by its link, and present them:
full screen in presenter mode, stepped through with the arrow keys.

A scene is the view's link (graph/core/scenes.py), kept by the store's shelf
(graph/store/scenes.py: beside the graph file, or in Neo4j). Opening or playing a scene
opens its link as the browser would (graph/ui/sidebar.start): ids the graph no longer
holds are dropped and named. Playing is the ``scene`` setting (1 = the first scene; in the
link, so a presentation's address survives a restart); changing the scenes is an admin
action when the admin password is set. Names are text: they reach the page escaped, and
in presenter mode with people's names masked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import streamlit as st

from graph.core.errors import StoreError
from graph.core.scenes import Scene, SceneFile, read_scenes, scene_name, scenes_json
from graph.core.settings import Settings
from graph.store.scenes import SceneShelf
from graph.ui import admin
from graph.ui.context import Context
from graph.ui.presenter import PresentedStore
from graph.ui.reader import Reader
from graph.ui.sidebar import translated
from graph.ui.text import md
from graph.ui.viewstate import Ignored, Reading, ViewState

GOTO = "_cg_goto_scene"  # a scene to open or play on the next run: ("open" | "play", number)
NOTE = "_cg_scene_note"  # what the last change to the scenes did, said once
UPLOADED = "_cg_scenes_uploaded"  # scenes files uploaded: the uploader's key changes with it
KEPT_OUT = ("presenter", "scene")  # not part of a scene: how it is shown, not what


@dataclass(frozen=True)
class Scenes:
    """What the scene functions need: the shelf, whether this session may change it, how
    to turn the session's ids into the store's (presenter mode shows other ids), and how
    a name is shown (masked in presenter mode)."""

    shelf: SceneShelf
    may_change: bool
    # May this session upload a scenes file: Streamlit's upload endpoint takes only the
    # files of a session that entered the admin password (graph/ui/uploads.UploadGate).
    may_upload: bool
    no_upload_why: str  # said instead of the uploader
    real_ids: Callable[[ViewState], ViewState]
    shown: Callable[[str], str]
    # A view without the ids the graph lacks, and what was dropped (sidebar.checked).
    checked: Callable[[ViewState], tuple[ViewState, list[Ignored]]]


def view_of(state: ViewState) -> str:
    """A state as a scene keeps it: its link without presenter mode and playing.

    >>> view_of(ViewState(topics=("topic:waste",), presenter=True, scene=2))
    'topics=topic%3Awaste'
    """
    return urlencode(state.replace(presenter=False, scene=0).to_params())


def scene_link(scene: Scene, *, presenter: bool, base: str = "") -> str:
    """The address that opens ``scene`` (``base``: the page's, without its query).

    >>> scene_link(Scene("All", ""), presenter=False, base="http://host/")
    'http://host/'
    >>> scene_link(Scene("EE", "countries=EE"), presenter=True)
    '?countries=EE&presenter=1'
    """
    query = "&".join(part for part in (scene.view, "presenter=1" if presenter else "") if part)
    return f"{base}?{query}" if query else base or "?"


def pending_link(shelf: SceneShelf, link: Reading | None, *, presenter: bool) -> Reading | None:
    """The link to open on this run: a scene the user asked for on the last (open, or
    play the next), or the scene a link to play names (``scene=2``), read from the shelf;
    else ``link`` as it is."""
    goto = st.session_state.pop(GOTO, None)
    playing = 0
    if goto is not None:
        how, number = goto
        playing = number if how == "play" else 0
    elif link is not None and link.state.scene:
        how, number, playing = "play", link.state.scene, link.state.scene
        presenter = True
    else:
        return link
    scenes = shelf.load().scenes
    if not 1 <= number <= len(scenes):
        st.session_state[NOTE] = f"There is no scene {number}: {len(scenes)} are kept."
        return link
    opened = ViewState.read(_params(scenes[number - 1].view))
    state = opened.state.replace(presenter=presenter or bool(playing), scene=playing)
    return Reading(state, opened.ignored)


def _params(view: str) -> dict[str, str]:
    """A scene's link as parameters (an empty one kept: ``labels=`` is every kind)."""
    return dict(parse_qsl(view, keep_blank_values=True))


def save_form(scenes: Scenes, *, say: bool = True) -> None:
    """In the sidebar: name the current view and save it as a scene (``say``: and what
    the last change did; the Scenes view says it itself, where it is seen)."""
    st.markdown("**Scenes**")
    if not scenes.may_change:
        st.caption("Saving scenes needs the admin password: enter it in the Load data view.")
        return
    st.text_input("Scene name", key="_cg_scene_name", placeholder="e.g. Tartu's partners")
    st.button("Save this view as a scene", key="scene-save", on_click=_save_current, args=(scenes,))
    if say:
        _said()


def _said() -> None:
    note = st.session_state.pop(NOTE, None)
    if note:
        st.caption(md(note))


def _save_current(scenes: Scenes) -> None:
    ss = st.session_state
    kept = list(scenes.shelf.load().scenes)
    name = scene_name(ss.get("_cg_scene_name"), number=len(kept) + 1)
    state = scenes.real_ids(ViewState.from_session(ss))
    _store(
        scenes,
        [*kept, Scene(name=name, view=view_of(state))],
        f"Saved scene {len(kept) + 1}: {name}.",
    )
    ss["_cg_scene_name"] = ""


def _store(scenes: Scenes, kept: Sequence[Scene], note: str) -> None:
    try:
        scenes.shelf.save(kept)
    except StoreError as error:
        st.session_state[NOTE] = f"The scenes were not saved: {error}"
        return
    st.session_state[NOTE] = note


def for_session(
    shelf: SceneShelf,
    settings: Settings,
    store: Reader,
    checked: Callable[[ViewState], tuple[ViewState, list[Ignored]]],
) -> Scenes:
    """The scenes as this session sees them: may it change them (no admin password, or
    signed in), and in presenter mode the store's ids saved and names masked."""
    if isinstance(store, PresentedStore):
        mask = store.mask

        def real_ids(state: ViewState) -> ViewState:
            return translated(state, mask.real_id)

        shown: Callable[[str], str] = mask.text
    else:
        real_ids, shown = _same, str
    may = not settings.admin_password or admin.signed_in()
    upload = bool(settings.admin_password) and admin.uploads_open()
    why = (
        "Uploading the file needs the admin password, entered in the Load data view."
        if settings.admin_password
        else "Uploading the file is offered when an admin password is set "
        "(CITYGRAPH_ADMIN_PASSWORD) and entered."
    )
    return Scenes(
        shelf=shelf,
        may_change=may,
        may_upload=may and upload,
        no_upload_why="" if upload else why,
        real_ids=real_ids,
        shown=shown,
        checked=checked,
    )


def _same(state: ViewState) -> ViewState:
    return state


def place(ctx: Context) -> None:
    """Presenting a scene: its steps above the view (and no sidebar); else, the sidebar's
    form to save the view as a scene."""
    if ctx.scenes is None:
        return
    if ctx.state.scene:
        play_bar(ctx.scenes, ctx.state.scene)
    else:
        with st.sidebar:
            save_form(ctx.scenes, say=ctx.state.tab != "scenes")


def render(ctx: Context) -> None:
    """The Scenes view."""
    scenes: Scenes = ctx.scenes
    found = scenes.shelf.load()
    kept = list(found.scenes)
    if found.dropped:
        st.warning(f"From {md(scenes.shelf.where)}, left out: " + md("; ".join(found.dropped)))
    _said()
    if not kept:
        st.info(
            "No scene yet: set up a view, then name it and save it under **Scenes** in the "
            "sidebar. Scenes are kept with the graph, exported and imported as a small file."
        )
    else:
        st.button(
            f"▶ Present the {len(kept)} scenes (full screen, ← → to step, Esc to stop)",
            key="scene-play",
            type="primary",
            on_click=_goto,
            args=("play", 1),
        )
        base = _base_url()
        for number, scene in enumerate(kept, 1):
            _row(scenes, kept, number, scene, base=base, presenter=ctx.state.presenter)
        st.download_button(
            "Download the scenes (JSON)",
            data=scenes_json(kept),
            file_name="citygraph-scenes.json",
            mime="application/json",
            key="scenes-download",
        )
    if scenes.may_change:
        _import(scenes, kept)


def _row(
    scenes: Scenes, kept: list[Scene], number: int, scene: Scene, *, base: str, presenter: bool
) -> None:
    name, up, down, drop, go = st.columns([6, 1, 1, 1, 2], vertical_alignment="bottom")
    shown = scenes.shown(scene.name)
    if scenes.may_change:
        name.text_input(
            f"Scene {number}",
            value=shown,
            key=f"_cg_scene_{number}_{scene.name}",
            on_change=_rename,
            args=(scenes, number, f"_cg_scene_{number}_{scene.name}"),
        )
        up.button(
            "▲",
            key=f"scene-up-{number}",
            disabled=number == 1,
            on_click=_move,
            args=(scenes, number, -1),
            help="earlier",
        )
        down.button(
            "▼",
            key=f"scene-down-{number}",
            disabled=number == len(kept),
            on_click=_move,
            args=(scenes, number, 1),
            help="later",
        )
        drop.button(
            "✕", key=f"scene-drop-{number}", on_click=_delete, args=(scenes, number), help="delete"
        )
    else:
        name.markdown(f"**{number}. {md(shown)}**")
    go.button("Open", key=f"scene-open-{number}", on_click=_goto, args=("open", number))
    st.caption(f"Link: {md(scene_link(scene, presenter=presenter, base=base))}")


def _base_url() -> str:
    url = str(getattr(st.context, "url", "") or "")
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else ""


def _goto(how: str, number: int) -> None:
    st.session_state[GOTO] = (how, number)


def _changed(scenes: Scenes, change: Callable[[list[Scene]], list[Scene]], note: str) -> None:
    _store(scenes, change(list(scenes.shelf.load().scenes)), note)


def _rename(scenes: Scenes, number: int, key: str) -> None:
    name = scene_name(st.session_state.get(key), number=number)

    def renamed(kept: list[Scene]) -> list[Scene]:
        if 1 <= number <= len(kept):
            kept[number - 1] = Scene(name=name, view=kept[number - 1].view)
        return kept

    _changed(scenes, renamed, f"Scene {number} is now called {name}.")


def _move(scenes: Scenes, number: int, step: int) -> None:
    def moved(kept: list[Scene]) -> list[Scene]:
        other = number - 1 + step
        if 0 <= other < len(kept) and 1 <= number <= len(kept):
            kept[number - 1], kept[other] = kept[other], kept[number - 1]
        return kept

    _changed(scenes, moved, f"Scene {number} moved {'up' if step < 0 else 'down'}.")


def _delete(scenes: Scenes, number: int) -> None:
    def deleted(kept: list[Scene]) -> list[Scene]:
        return [s for i, s in enumerate(kept, 1) if i != number]

    _changed(scenes, deleted, f"Scene {number} deleted.")


def _import(scenes: Scenes, kept: list[Scene]) -> None:
    with st.expander("Import scenes from a file"):
        if scenes.may_upload:
            key = f"_cg_scenes_file_{st.session_state.get(UPLOADED, 0)}"
            st.file_uploader(
                "A scenes file (citygraph-scenes.json, at most 1 MB)",
                type=["json"],
                key=key,
                on_change=_add_uploaded,
                args=(scenes, key),
            )
        else:
            st.caption(scenes.no_upload_why + " Its text can be pasted instead.")
        st.text_area(
            "Or paste the text of a scenes file"
            if scenes.may_upload
            else "Paste the text of a scenes file (citygraph-scenes.json)",
            key="_cg_scenes_import",
            height=120,
        )
        st.button("Add these scenes", key="scenes-import", on_click=_add_pasted, args=(scenes,))


def _add_uploaded(scenes: Scenes, key: str) -> None:
    """An uploaded scenes file, added as a pasted one is; the uploader is then emptied
    (a new key), ready for the next file."""
    file = st.session_state.get(key)
    if file is None:
        return
    _add_imported(scenes, file.getvalue())
    st.session_state[UPLOADED] = int(st.session_state.get(UPLOADED, 0)) + 1


def _add_pasted(scenes: Scenes) -> None:
    if _add_imported(scenes, str(st.session_state.get("_cg_scenes_import") or "")):
        st.session_state["_cg_scenes_import"] = ""


def _add_imported(scenes: Scenes, text: bytes | str) -> bool:
    """A scenes file's scenes, each without the ids the graph no longer holds; what was
    left out (entries, ids) is named. Whether any was added."""
    found: SceneFile = read_scenes(text)
    kept = list(scenes.shelf.load().scenes)
    added, lost = [], list(found.dropped)
    for number, scene in enumerate(found.scenes, 1):
        state, ignored = scenes.checked(ViewState.read(_params(scene.view)).state)
        added.append(Scene(name=scene.name, view=view_of(state)))
        lost += [f"scene {number} ({scene.name}): {i.param} ({i.why})" for i in ignored]
    dropped = "; ".join(lost)
    note = f"Added {len(added)} scene(s)" + (f"; left out: {dropped}." if dropped else ".")
    if not added:
        st.session_state[NOTE] = f"No scene added; left out: {dropped or 'nothing to add'}."
        return False
    _store(scenes, [*kept, *added], note)
    return True


# --- presenting ------------------------------------------------------------------------------

_FULL_SCREEN = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none; }
</style>"""


def play_bar(scenes: Scenes, number: int) -> None:
    """Above a scene being presented: where one is, and the steps (← → and Esc too)."""
    kept = scenes.shelf.load().scenes
    st.html(_FULL_SCREEN)
    back, title, forth, stop = st.columns([1, 6, 1, 1], vertical_alignment="center")
    back.button(
        "◀",
        key="scene-back",
        shortcut="Left",
        disabled=number <= 1,
        on_click=_goto,
        args=("play", number - 1),
        help="the scene before (←)",
    )
    name = scenes.shown(kept[number - 1].name) if number <= len(kept) else "?"
    title.markdown(f"**Scene {number} of {len(kept)}**: {md(name)}")
    forth.button(
        "▶",
        key="scene-forth",
        shortcut="Right",
        disabled=number >= len(kept),
        on_click=_goto,
        args=("play", number + 1),
        help="the next scene (→)",
    )
    stop.button("Stop", key="scene-stop", shortcut="Esc", on_click=_stop, help="Esc")


def _stop() -> None:
    st.session_state["scene"] = 0


__all__ = [
    "Scenes",
    "for_session",
    "pending_link",
    "place",
    "play_bar",
    "render",
    "save_form",
    "scene_link",
    "view_of",
]
