"""Before class: fetching the model and embedder, preparing the packs' adapters, timing the machine,
and the tiny random models the tests build."""
