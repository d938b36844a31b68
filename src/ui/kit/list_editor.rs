//! One editor for a list inside a record (a party's requirements, the
//! scope's inclusions, exclusions and interfaces, a risk's treatment
//! actions): its rows, each drawn by the page, an Add button and each
//! row's Remove. The page places the rows and the button (in a fieldset,
//! in a table) and draws each row's fields with [`Item`].

use crate::core::FieldError;
use crate::ui::kit::fields::error_for;
use crate::ui::kit::reactive::memo;
use crate::ui::kit::reactive::on_click;
use crate::ui::kit::rows::{keyed, Row};
use leptos::prelude::*;

/// The list of `I` at `path` in the draft `D`.
pub struct ListEditor<D: 'static, I: 'static> {
    draft: RwSignal<D>,
    path: &'static str,
    get: fn(&D) -> &Vec<I>,
    get_mut: fn(&mut D) -> &mut Vec<I>,
    key: Option<fn(&I) -> String>,
}

impl<D, I> Clone for ListEditor<D, I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D, I> Copy for ListEditor<D, I> {}

impl<D, I> ListEditor<D, I>
where
    D: Send + Sync + 'static,
    I: Send + Sync + 'static,
{
    /// The list `get` reaches in `draft`; `path` is its name in the
    /// core's error paths (`requirements`). Rows are kept by position
    /// unless [`Self::keyed_by`] says otherwise.
    pub fn new(
        draft: RwSignal<D>,
        path: &'static str,
        get: fn(&D) -> &Vec<I>,
        get_mut: fn(&mut D) -> &mut Vec<I>,
    ) -> Self {
        ListEditor {
            draft,
            path,
            get,
            get_mut,
            key: None,
        }
    }

    /// Rows kept by a stable key of their item (its id), so that a row
    /// follows its item when another is removed.
    pub fn keyed_by(self, key: fn(&I) -> String) -> Self {
        ListEditor {
            key: Some(key),
            ..self
        }
    }

    /// The error of the list as a whole ("at most 50 requirements").
    pub fn error(self, errors: RwSignal<Vec<FieldError>>) -> Signal<Option<String>> {
        error_for(errors, self.path)
    }

    /// The rows, each drawn once by `row` and kept while its item is there.
    pub fn rows(self, row: impl Fn(Item<D, I>) -> AnyView + Send + Sync + 'static) -> AnyView {
        let ListEditor {
            draft, get, key, ..
        } = self;
        let keys = memo(move || {
            draft.with(|d| {
                let items = get(d);
                match key {
                    Some(k) => items.iter().map(k).collect::<Vec<_>>(),
                    None => (0..items.len()).map(|i| i.to_string()).collect(),
                }
            })
        });
        let row = Callback::new(move |index: Memo<usize>| row(Item { list: self, index }));
        rows_of(keys, row)
    }

    /// The button that adds the item `new_item` makes.
    pub fn add_button(
        self,
        testid: impl Into<String>,
        label: &'static str,
        new_item: fn(&D) -> I,
    ) -> AnyView {
        let ListEditor { draft, get_mut, .. } = self;
        let add = Callback::new(move |()| {
            draft.update(|d| {
                let item = new_item(d);
                get_mut(d).push(item)
            })
        });
        add_button(testid.into(), label, add)
    }
}

/// The keyed rows: the same for every kind of list.
fn rows_of(keys: Memo<Vec<String>>, row: Callback<Memo<usize>, AnyView>) -> AnyView {
    keyed(move || {
        keys.get()
            .into_iter()
            .map(|k| {
                Row::new(k.clone(), move || {
                    let index =
                        memo(move || keys.with(|ks| ks.iter().position(|x| *x == k).unwrap_or(0)));
                    row.run(index)
                })
            })
            .collect()
    })
}

fn add_button(testid: String, label: &'static str, add: Callback<()>) -> AnyView {
    view! {
        <button type="button" class="btn btn--small" data-testid=testid on:click=on_click(move || add.run(()))>{label}</button>
    }
    .into_any()
}

/// One row of a [`ListEditor`]: where its item is now, and how to read,
/// change and remove it.
pub struct Item<D: 'static, I: 'static> {
    list: ListEditor<D, I>,
    /// The item's position in the list.
    pub index: Memo<usize>,
}

impl<D, I> Clone for Item<D, I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D, I> Copy for Item<D, I> {}

impl<D, I> Item<D, I>
where
    D: Send + Sync + 'static,
    I: Send + Sync + 'static,
{
    /// `f` of the item (tracked), or `None` once it is gone.
    pub fn with<R>(self, f: impl FnOnce(&I) -> R) -> Option<R> {
        let i = self.index.get();
        self.list.draft.with(|d| (self.list.get)(d).get(i).map(f))
    }

    /// Changes the item.
    pub fn update(self, f: impl FnOnce(&mut I)) {
        let i = self.index.get_untracked();
        self.list.draft.update(|d| {
            if let Some(x) = (self.list.get_mut)(d).get_mut(i) {
                f(x)
            }
        })
    }

    /// A value of the item, kept up to date.
    pub fn value<R>(self, get: fn(&I) -> R) -> Signal<R>
    where
        R: Default + Clone + Send + Sync + 'static,
    {
        Signal::derive(move || self.with(get).unwrap_or_default())
    }

    /// The setter of a value of the item.
    pub fn setter<R: 'static>(self, set: fn(&mut I, R)) -> Callback<R> {
        Callback::new(move |v| self.update(|x| set(x, v)))
    }

    /// The errors of a field of the item (`text` for
    /// `requirements[2].text`), or of the whole item for `""`.
    pub fn error(
        self,
        errors: RwSignal<Vec<FieldError>>,
        field: &'static str,
    ) -> Signal<Option<String>> {
        let (path, index) = (self.list.path, self.index);
        Signal::derive(move || {
            let at = match field {
                "" => format!("{path}[{}]", index.get()),
                f => format!("{path}[{}].{f}", index.get()),
            };
            error_for(errors, at).get()
        })
    }

    /// Removes the item from the list.
    pub fn remove(self) {
        let i = self.index.get_untracked();
        self.list.draft.update(|d| {
            let items = (self.list.get_mut)(d);
            if i < items.len() {
                items.remove(i);
            }
        })
    }

    /// The row's "Remove" button.
    pub fn remove_button(self, testid: impl Into<String>) -> AnyView {
        remove_button(testid.into(), Callback::new(move |()| self.remove()))
    }
}

fn remove_button(testid: String, remove: Callback<()>) -> AnyView {
    view! {
        <button type="button" class="btn btn--small btn--ghost item-row__remove" data-testid=testid
            on:click=on_click(move || remove.run(()))>"Remove"</button>
    }
    .into_any()
}
