"""The review page's parts: its state (:mod:`.state`), the one load-once/save-what-changed form
(:mod:`.form`), labels (:mod:`.labels`), the frame around the tabs (:mod:`.frame`) and one module per tab."""
