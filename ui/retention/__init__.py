"""The Retention page's pieces: churn-basis setting, window evidence, RFM, repeat purchase, action lists."""
