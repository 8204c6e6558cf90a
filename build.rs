//! Build-time facts the tests need to say honestly what they cannot run.
//!
//! A few tests make a folder or file read-only. As root that takes
//! `chattr +i` (root ignores permission bits); a root build with no
//! `chattr` on the PATH sets `cfg(claimdesk_no_readonly)`, and those tests
//! are reported as ignored with the reason instead of passing untested.
//! `.ci/run` installs `chattr` (e2fsprogs), so CI always runs them.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(claimdesk_no_readonly)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let chattr = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("chattr").is_file()));
    if root && !chattr {
        println!("cargo::rustc-cfg=claimdesk_no_readonly");
    }
}
