"""The dashboard's server: Streamlit serving app.py, with citygraph's gate in front of
Streamlit's upload endpoint (graph/ui/uploads.UploadGate: only a session that entered the
admin password may upload), and the drawing's content-named scripts kept by the browser
(graph/ui/network_component.AssetCaching: Streamlit would have them fetched every visit).

    streamlit run serve.py        # what `make run` does; 127.0.0.1 unless asked

`streamlit run app.py` serves the same pages without the gate: Streamlit's upload
endpoint then takes files from any open session (up to server.maxUploadSize each), so
use it only on a machine of your own.
"""

import streamlit as st
from starlette.middleware import Middleware

from graph.ui.network_component import AssetCaching
from graph.ui.uploads import UploadGate

app = st.App("app.py", middleware=[Middleware(UploadGate), Middleware(AssetCaching)])
