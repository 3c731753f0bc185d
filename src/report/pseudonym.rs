//! Keyed pseudonyms for the 明細 sheet (`--pseudonymize KEY`): HMAC-SHA256 of the ケースID under
//! the office's key. The same key gives the same pseudonym in every report, so a region can link
//! its reports over the years; without the key nobody can recompute or reverse it (a plain hash
//! of a short ID could be reversed by trying every ID).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Hex digits kept: 64 bits, so two of a million cases collide with odds of about 1 in 36 million.
const DIGITS: usize = 16;

pub struct Pseudonymizer {
    mac: Hmac<Sha256>,
}

impl Pseudonymizer {
    pub fn new(key: &str) -> Pseudonymizer {
        Pseudonymizer {
            mac: Hmac::new_from_slice(key.as_bytes()).expect("HMAC accepts a key of any length"),
        }
    }

    pub fn pseudonym(&self, case_id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(case_id.as_bytes());
        let digest = mac.finalize().into_bytes();
        digest
            .iter()
            .take(DIGITS / 2)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_test_case_2() {
        // HMAC-SHA256("Jefe", "what do ya want for nothing?") = 5bdcc146bf60754e6a04…
        let p = Pseudonymizer::new("Jefe");
        assert_eq!(
            p.pseudonym("what do ya want for nothing?"),
            "5bdcc146bf60754e"
        );
    }

    #[test]
    fn keyed_and_stable() {
        let a = Pseudonymizer::new("鍵A");
        let b = Pseudonymizer::new("鍵B");
        assert_eq!(a.pseudonym("C-001"), a.pseudonym("C-001"));
        assert_ne!(a.pseudonym("C-001"), a.pseudonym("C-002"));
        assert_ne!(a.pseudonym("C-001"), b.pseudonym("C-001"));
        assert_eq!(a.pseudonym("C-001").len(), DIGITS);
    }
}
