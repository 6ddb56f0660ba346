"""The report charts: vector SVG with an accessible name, missing values left out."""

from __future__ import annotations

from placewell.charts import Point, Series, grouped_bar_chart, interval_bar_chart, trend_chart


def fmt(value: float | None) -> str:
    return "*" if value is None else f"{value:.1f}"


def test_trend_chart_leaves_hidden_values_out_and_shows_star_in_its_data() -> None:
    chart = trend_chart(
        [
            Series("Area", (Point("2021", 10.0, 9.0, 11.0), Point("2022", None))),
            Series("Scotland", (Point("2021", 12.0), Point("2022", 12.5))),
        ],
        title="A title",
        description="A description",
        value_title="%",
        fmt=fmt,
    )
    assert chart.svg.startswith('<svg role="img" aria-label="A title. A description"')
    assert chart.columns == ("Period", "Area", "95% interval", "Scotland")
    assert chart.rows == (("2021", "10.0", "9.0 to 11.0", "12.0"), ("2022", "*", "", "12.5"))


def test_interval_bars_with_a_reference_line() -> None:
    chart = interval_bar_chart(
        [("North", 5.0, 4.0, 6.0), ("South", None, None, None)],
        title="By locality",
        description="Bars",
        value_title="Rate",
        fmt=fmt,
        reference=("Partnership", 5.5),
    )
    assert "<path" in chart.svg or "<rect" in chart.svg
    assert chart.rows[-1] == ("Partnership", "5.5", "")
    assert chart.rows[1] == ("South", "*", "")


def test_grouped_bars_table_has_a_column_per_group() -> None:
    chart = grouped_bar_chart(
        [("0 to 15", "Females", 10.0), ("0 to 15", "Males", 12.0)],
        title="Population",
        description="Bars",
        value_title="People",
        category_title="Age band",
        fmt=fmt,
    )
    assert chart.columns == ("Age band", "Females", "Males")
    assert chart.rows == (("0 to 15", "10.0", "12.0"),)


def test_the_web_keeps_its_chart_imports() -> None:
    from placewell import charts
    from placewell.web import charts as web_charts

    assert web_charts.bar_chart is charts.bar_chart and web_charts.Chart is charts.Chart
