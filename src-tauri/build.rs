//! tauri-build reads the root `tauri.conf.json` (next to the root Cargo.toml)
//! and the capabilities kept in `src-tauri/capabilities/`.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed");
}
