"""The Gradio app: layout and event wiring over the core. The only package that imports gradio."""
