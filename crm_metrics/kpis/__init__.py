"""KPI library (provisional)."""
