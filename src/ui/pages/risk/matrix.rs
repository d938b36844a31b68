//! The risk matrix: likelihood × impact, each cell in its level's colour,
//! as a heat map with the number of risks in each cell, or as a plain
//! matrix naming the levels (the method page). Level badges.

use crate::core::kernel::colour::dark_text_on;
use crate::core::risk::RiskMethod;
use crate::ui::kit::dialog::focus_first;
use crate::ui::kit::reactive::{dynamic, handler, on_click};
use leptos::prelude::*;

/// True when black text has more contrast than white on `colour` (WCAG
/// contrast ratio, `core::kernel::colour`): the level's name stays readable
/// whatever colour the method gives it.
pub fn light_background(colour: &str) -> bool {
    dark_text_on(colour)
}

/// A risk level's name on its colour, or a dash when there is none.
pub fn level_badge(method: &RiskMethod, level: Option<usize>) -> AnyView {
    match level.and_then(|k| method.risk_level(k).map(|l| (k, l))) {
        Some((k, l)) => {
            let colour = l.colour.clone();
            view! {
                <span class="level" class:level--light=light_background(&colour)
                    style:background-color=colour title=format!("Risk level {k}: {}", l.name)>{l.name.clone()}</span>
            }
            .into_any()
        }
        None => {
            view! { <span class="level level--none" title="No level">"\u{2014}"</span> }.into_any()
        }
    }
}

/// A score as "3 × 4", or "not assessed".
pub fn score_text(s: Option<crate::core::Score>) -> String {
    s.map_or("not assessed".into(), |s| {
        format!("{} \u{00d7} {}", s.likelihood, s.impact)
    })
}

/// A likelihood × impact matrix. The most likely row is on top, the
/// highest impact on the right (the usual reading of a heat map).
#[component]
pub fn HeatMap(
    /// `inherent`, `current`, `residual` or `method`: cells get the test id
    /// `heatmap-<which>-<likelihood>-<impact>`.
    #[prop(into)]
    which: String,
    #[prop(into)] title: String,
    #[prop(into)] method: Signal<RiskMethod>,
    /// Risks per cell, `[l - 1][i - 1]`; `None` names the levels instead.
    #[prop(into)]
    counts: Signal<Option<Vec<Vec<usize>>>>,
    /// The cell the register is filtered by, if any.
    #[prop(into)]
    selected: Signal<Option<(u8, u8)>>,
    /// Called with (likelihood, impact) when a cell is clicked.
    #[prop(optional)]
    on_pick: Option<Callback<(u8, u8)>>,
) -> impl IntoView {
    let which_label = title.clone();
    let figure_id = format!("heatmap-{which}");
    // The cell that takes the map's one tab stop (roving tabindex): the
    // one picked last, else the first.
    let current = StoredValue::new(None::<(u8, u8)>);
    let result = on_pick.map(|_| picked_result(format!("{figure_id}-result"), counts, selected));
    view! {
        <figure class="heatmap" data-testid=figure_id>
            <figcaption class="heatmap__title">{title}</figcaption>
            {dynamic(move || {
                let which = which.clone();
                let label = which_label.clone();
                method.with(|m| {
                    let matrix = m.matrix().unwrap_or_default();
                    let counts = counts.get();
                    let picked = selected.get();
                    let stop = picked.or(current.get_value()).unwrap_or((m.likelihood.len() as u8, 1));
                    let rows = (1..=m.likelihood.len()).rev().map(|l| {
                        let l8 = l as u8;
                        let name = m.likelihood.level(l8).map(|x| x.label.clone()).unwrap_or_default();
                        let cells = (1..=m.impact.len()).map(|i| {
                            let i8 = i as u8;
                            let level = matrix.get(l - 1).and_then(|r| r.get(i - 1)).copied();
                            let lv = level.and_then(|k| m.risk_level(k));
                            let colour = lv.map(|x| x.colour.clone()).unwrap_or_else(|| "#ffffff".into());
                            let level_name = lv.map(|x| x.name.clone()).unwrap_or_else(|| "no level".into());
                            let count = counts.as_ref().map(|c| c.get(l - 1).and_then(|r| r.get(i - 1)).copied().unwrap_or(0));
                            let text = match count { Some(n) => n.to_string(), None => level_name.clone() };
                            let impact_name = m.impact.level(i8).map(|x| x.label.clone()).unwrap_or_default();
                            let title = match count {
                                Some(n) => format!("{label}: likelihood {l} × impact {i}, {level_name}: {n} risk{}", if n == 1 { "" } else { "s" }),
                                None => format!("Likelihood {l} × impact {i} ({impact_name}): {level_name}"),
                            };
                            let is_picked = picked == Some((l8, i8));
                            let empty = count == Some(0);
                            // An empty cell is paler (a white veil in CSS): black text
                            // reads on it whatever the colour (core::kernel::colour).
                            let light = empty || light_background(&colour);
                            let testid = format!("heatmap-{which}-{l}-{i}");
                            match on_pick {
                                Some(pick) => {
                                    let focus = format!("[data-testid=\"{testid}\"]");
                                    let button = view! {
                                        <button type="button" class="heatmap__button" class:heatmap__button--light=light
                                            class:heatmap__button--empty=empty class:heatmap__button--picked=is_picked
                                            style:background-color=colour data-testid=testid title=title.clone() aria-label=title
                                            aria-pressed=is_picked.to_string()
                                            on:click=on_click(move || {
                                                current.set_value(Some((l8, i8)));
                                                pick.run((l8, i8));
                                                // The map is redrawn: focus stays on this cell.
                                                let focus = focus.clone();
                                                request_animation_frame(move || { focus_first(&focus); });
                                            })>{text}</button>
                                    }
                                    // The map's one tab stop (set by name: less WebAssembly).
                                    .attr("tabindex", if stop == (l8, i8) { "0" } else { "-1" });
                                    view! { <td class="heatmap__cell">{button}</td> }.into_any()
                                }
                                None => view! {
                                    <td class="heatmap__cell">
                                        <span class="heatmap__button" class:heatmap__button--light=light
                                            class:heatmap__button--empty=empty class:heatmap__button--named=count.is_none()
                                            style:background-color=colour data-testid=testid title=title>{text}</span>
                                    </td>
                                }.into_any(),
                            }
                        }).collect_view();
                        view! {
                            <tr>
                                <th scope="row" class="heatmap__axis" title=name.clone()>{format!("{l} {name}")}</th>
                                {cells}
                            </tr>
                        }
                    }).collect_view();
                    let footer = (1..=m.impact.len()).map(|i| {
                        let name = m.impact.level(i as u8).map(|x| x.label.clone()).unwrap_or_default();
                        view! { <th scope="col" class="heatmap__axis" title=name.clone()>{format!("{i} {name}")}</th> }
                    }).collect_view();
                    view! {
                        <table class="heatmap__table" on:keydown=handler(grid_keys)>
                            <tbody>{rows}</tbody>
                            <tfoot>
                                <tr><td class="heatmap__corner">"Likelihood \u{2191} / impact \u{2192}"</td>{footer}</tr>
                            </tfoot>
                        </table>
                    }
                    // A grid when its cells are buttons (set by name: less WebAssembly).
                    .attr("role", if on_pick.is_some() { "grid" } else { "table" })
                    .attr("aria-label", label.clone())
                })
            })}
            {result}
        </figure>
    }
}

/// Under a map whose cells filter the register: how many risks the picked
/// cell shows there, and a button that brings them into view.
fn picked_result(
    testid: String,
    counts: Signal<Option<Vec<Vec<usize>>>>,
    selected: Signal<Option<(u8, u8)>>,
) -> AnyView {
    let shown = move || {
        let (l, i) = selected.get()?;
        let (l, i) = ((l as usize).checked_sub(1)?, (i as usize).checked_sub(1)?);
        counts.with(|c| c.as_ref()?.get(l)?.get(i).copied())
    };
    view! {
        <p class="heatmap__result" role="status" data-testid=testid>
            {dynamic(move || shown().map(|n| match n {
                0 => view! { "No risk in this cell." }.into_any(),
                n => view! {
                    {format!("{n} risk{} shown below \u{2014} ", if n == 1 { "" } else { "s" })}
                    <button type="button" class="btn btn--small" on:click=on_click(|| { focus_first("[data-testid=risk-table] tbody a"); })>"Show"</button>
                }.into_any(),
            }))}
        </p>
    }
    .into_any()
}

/// The arrow keys of a heat map whose cells are buttons: focus moves to
/// the cell next to it that way, which takes the map's one tab stop.
fn grid_keys(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let key = ev.key();
    let forward = key == "ArrowRight" || key == "ArrowDown";
    let step = |e: &web_sys::Element, vertical: bool| {
        let e = if vertical {
            e.parent_element()?
        } else {
            e.clone()
        };
        if forward {
            e.next_element_sibling()
        } else {
            e.previous_element_sibling()
        }
    };
    let Some(from) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let Some(cell) = from.parent_element() else {
        return;
    };
    let to = match key.as_str() {
        "ArrowLeft" | "ArrowRight" => step(&cell, false),
        "ArrowUp" | "ArrowDown" => {
            // The cell of the same column in the row above or below.
            let mut column = 0;
            let mut c = cell.clone();
            while let Some(p) = c.previous_element_sibling() {
                column += 1;
                c = p;
            }
            let mut c = step(&cell, true).and_then(|row| row.first_element_child());
            for _ in 0..column {
                c = c.and_then(|x| x.next_element_sibling());
            }
            c
        }
        // The first or last cell of the row.
        "Home" | "End" => cell.parent_element().and_then(|row| {
            let cells = row.query_selector_all("button").ok()?;
            let at = if key == "Home" {
                0
            } else {
                cells.length().checked_sub(1)?
            };
            cells.item(at)?.parent_element()
        }),
        _ => return,
    };
    ev.prevent_default();
    if let Some(to) = to
        .and_then(|c| c.query_selector("button").ok().flatten())
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = from.set_attribute("tabindex", "-1");
        let _ = to.set_attribute("tabindex", "0");
        let _ = to.focus();
    }
}
