//! The exit statuses claimdesk documents (docs/check.md, docs/guide.md),
//! as one type: a command says what happened, never a bare number.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: done, with something to look at: a batch or import line
    /// refused, a recheck or policy diff that differs, a damaged case left
    /// out, saves still waiting, a policy check's finding; or the wizard
    /// or plain mode could not go on (no terminal, input ended).
    Attention,
    /// 2: the claim or the command line is wrong, or the case log cannot
    /// be used; one line on standard error says which and why.
    Usage,
    /// 3: the policy files cannot be loaded, or leave this claim
    /// undecided (a gap or an unresolved overlap).
    Policy,
    /// 4: decided, but the case could not be saved.
    NotSaved,
    /// 128 + n: the wizard was ended by signal n, as a shell reports it.
    Signal(i32),
}

impl Exit {
    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Attention => 1,
            Exit::Usage => 2,
            Exit::Policy => 3,
            Exit::NotSaved => 4,
            Exit::Signal(n) => n
                .checked_add(128)
                .and_then(|code| u8::try_from(code).ok())
                .unwrap_or(1),
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

impl std::process::Termination for Exit {
    fn report(self) -> ExitCode {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn each_status_has_its_documented_number() {
        let codes = [
            Exit::Success,
            Exit::Attention,
            Exit::Usage,
            Exit::Policy,
            Exit::NotSaved,
        ]
        .map(Exit::code);
        assert_eq!(codes, [0, 1, 2, 3, 4]);
        assert_eq!(Exit::Signal(15).code(), 143);
        assert_eq!(Exit::Signal(i32::MAX).code(), 1);
    }
}
