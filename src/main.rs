//! The thin binary: install the panic hook (debug builds) and mount the app.

fn main() {
    // Panic messages in the console are for developers; the release build
    // leaves the hook (and its formatting code) out: a panic still stops
    // the page with a RuntimeError in the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(isms::ui::App);
}
