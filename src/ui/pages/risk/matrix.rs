//! The risk matrix: likelihood × impact, each cell in its level's colour,
//! as a heat map with the number of risks in each cell, or as a plain
//! matrix naming the levels (the method page). Level badges.

use crate::core::kernel::colour::dark_text_on;
use crate::core::risk::RiskMethod;
use crate::ui::kit::reactive::{dynamic, on_click};
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

/// A likelihood × impact matrix. The most likely row is on top, the
/// highest impact on the right (the usual reading of a heat map).
#[component]
pub fn HeatMap(
    /// `inherent`, `residual`, `target` or `method`: cells get the test id
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
                                Some(pick) => view! {
                                    <td class="heatmap__cell">
                                        <button type="button" class="heatmap__button" class:heatmap__button--light=light
                                            class:heatmap__button--empty=empty class:heatmap__button--picked=is_picked
                                            style:background-color=colour data-testid=testid title=title.clone() aria-label=title
                                            aria-pressed=is_picked.to_string()
                                            on:click=on_click(move || pick.run((l8, i8)))>{text}</button>
                                    </td>
                                }.into_any(),
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
                        <table class="heatmap__table">
                            <tbody>{rows}</tbody>
                            <tfoot>
                                <tr><td class="heatmap__corner">"Likelihood \u{2191} / impact \u{2192}"</td>{footer}</tr>
                            </tfoot>
                        </table>
                    }
                })
            })}
        </figure>
    }
}
