//! Identifiers in Meta's formats. Wamids are `wamid.` + base64 of a unique
//! string (like the fixtures' `BANDEJA.SYNTH.OUT.0NNN`); a per-run tag keeps
//! two simulator runs feeding the same relay from colliding. Media and
//! template IDs are 15-digit numbers as in the fixture conventions.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

#[derive(Debug)]
pub struct Ids {
    run: String,
    out: u64,
    inbound: u64,
    media: u64,
    template: u64,
    conversation: u64,
}

impl Ids {
    pub fn new(run_seed: u64) -> Self {
        Ids {
            run: format!("{:06X}", run_seed & 0xFF_FFFF),
            out: 0,
            inbound: 0,
            media: 0,
            template: 0,
            conversation: 0,
        }
    }

    pub fn outbound_wamid(&mut self) -> String {
        self.out += 1;
        wamid(&format!("BANDEJA.SIM.{}.OUT.{:06}", self.run, self.out))
    }

    pub fn inbound_wamid(&mut self) -> String {
        self.inbound += 1;
        wamid(&format!("BANDEJA.SIM.{}.IN.{:06}", self.run, self.inbound))
    }

    pub fn media_id(&mut self) -> String {
        self.media += 1;
        (900_000_000_000_100 + self.media).to_string()
    }

    pub fn template_id(&mut self) -> u64 {
        self.template += 1;
        500_000_000_000_100 + self.template
    }

    /// 32 hex digits, as in `conversation.id` of v23-style statuses.
    pub fn conversation_id(&mut self) -> String {
        self.conversation += 1;
        format!("0f0f0f0f0f0f{:020x}", self.conversation)
    }
}

pub fn wamid(unique: &str) -> String {
    format!("wamid.{}", STANDARD.encode(unique))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wamid_like_the_fixtures() {
        assert_eq!(
            wamid("BANDEJA.SYNTH.IN.0001"),
            "wamid.QkFOREVKQS5TWU5USC5JTi4wMDAx"
        );
        let mut ids = Ids::new(0xABCDEF);
        assert_ne!(ids.outbound_wamid(), ids.outbound_wamid());
        assert_eq!(ids.media_id().len(), 15);
        assert_eq!(ids.conversation_id().len(), 32);
    }
}
