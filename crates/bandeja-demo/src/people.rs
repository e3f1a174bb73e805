//! Who is in the demo: the business, its team, its accounts, its tags and its
//! customers.

use bandeja_domain::{AccountKind, AccountStatus, Availability, Identity, Role};

use crate::{DemoAccount, DemoBrand, DemoContact, DemoMember, DemoTag};

pub(crate) fn brands() -> Vec<DemoBrand> {
    let brand = |key, name: &str, country: &str| DemoBrand {
        key,
        name: name.to_string(),
        country: country.to_string(),
    };
    vec![
        brand("ruiz_es", "Taller y Recambios Ruiz", "ES"),
        brand("ruiz_mx", "Refacciones Ruiz", "MX"),
    ]
}

pub(crate) fn members() -> Vec<DemoMember> {
    #[allow(clippy::too_many_arguments)]
    fn member(
        key: &'static str,
        name: &str,
        email: &str,
        role: Role,
        availability: Availability,
        capacity: Option<u32>,
        color: &str,
        is_me: bool,
    ) -> DemoMember {
        DemoMember {
            key,
            name: name.to_string(),
            email: email.to_string(),
            role,
            availability,
            capacity,
            color: color.to_string(),
            is_me,
        }
    }
    use Availability::*;
    vec![
        member(
            "ana",
            "Ana Ruiz",
            "ana@talleresruiz.es",
            Role::Owner,
            Online,
            None,
            "#2563eb",
            true,
        ),
        member(
            "javier",
            "Javier Ruiz",
            "javier@talleresruiz.es",
            Role::Admin,
            Online,
            None,
            "#16a34a",
            false,
        ),
        member(
            "lucia",
            "Lucía Moreno",
            "lucia@talleresruiz.es",
            Role::Agent,
            Online,
            Some(12),
            "#db2777",
            false,
        ),
        member(
            "carlos",
            "Carlos Hernández",
            "carlos@refaccionesruiz.mx",
            Role::Agent,
            Away,
            Some(8),
            "#ea580c",
            false,
        ),
        member(
            "marta",
            "Marta Gil",
            "marta@talleresruiz.es",
            Role::Agent,
            Offline,
            Some(6),
            "#7c3aed",
            false,
        ),
    ]
}

pub(crate) fn accounts() -> Vec<DemoAccount> {
    let account =
        |key, kind, name: &str, address: &str, status, brand, authorized: &[_]| DemoAccount {
            key,
            kind,
            name: name.to_string(),
            address: address.to_string(),
            status,
            brand: Some(brand),
            authorized: authorized.to_vec(),
        };
    let revoked = AccountStatus::Error {
        reason: "Authentication failed: the app password was revoked. \
                 Create a new app password and reconnect the mailbox."
            .to_string(),
    };
    vec![
        account(
            "wa_es",
            AccountKind::WhatsappCloud,
            "WhatsApp Taller Ruiz",
            "+34952107340",
            AccountStatus::Active,
            "ruiz_es",
            &["ana", "javier", "lucia", "marta"],
        ),
        account(
            "wa_mx",
            AccountKind::TwilioWhatsapp,
            "WhatsApp Refacciones Ruiz",
            "+523336158820",
            AccountStatus::Active,
            "ruiz_mx",
            &["ana", "javier", "carlos"],
        ),
        account(
            "gmail",
            AccountKind::EmailGmail,
            "Correo del taller",
            "taller@talleresruiz.es",
            AccountStatus::Active,
            "ruiz_es",
            &["ana", "javier", "lucia", "marta"],
        ),
        account(
            "facturas",
            AccountKind::EmailImap,
            "Facturación",
            "facturas@talleresruiz.es",
            revoked,
            "ruiz_es",
            &["ana", "javier"],
        ),
    ]
}

pub(crate) fn tags() -> Vec<DemoTag> {
    let tag = |key, name: &str, description: &str, color: &str| DemoTag {
        key,
        name: name.to_string(),
        description: description.to_string(),
        color: color.to_string(),
    };
    vec![
        tag(
            "presupuesto",
            "Presupuesto",
            "Pide o está valorando un presupuesto",
            "#f59e0b",
        ),
        tag(
            "urgente",
            "Urgente",
            "Avería o cliente parado: atender primero",
            "#dc2626",
        ),
        tag(
            "garantia",
            "Garantía",
            "Reclamación de garantía de pieza o reparación",
            "#0891b2",
        ),
        tag(
            "vip",
            "VIP",
            "Cliente de flota o habitual con condiciones especiales",
            "#7c3aed",
        ),
        tag(
            "pedido",
            "Pedido",
            "Pedido de recambios en curso",
            "#16a34a",
        ),
        tag("factura", "Factura", "Facturas, pagos y CFDI", "#64748b"),
        tag(
            "cita",
            "Cita",
            "Cita de taller pedida o confirmada",
            "#2563eb",
        ),
    ]
}

/// A WhatsApp contact: wa_id is the E.164 number without the plus.
fn wa(key: &'static str, name: &str, e164: &str) -> DemoContact {
    let ids = vec![
        Identity::WhatsappId(e164.trim_start_matches('+').to_string()),
        Identity::Phone(e164.to_string()),
    ];
    contact(key, name, ids)
}

/// A Mexican mobile: WhatsApp still reports wa_ids with the old "1" after 52.
fn mx(key: &'static str, name: &str, national: &str) -> DemoContact {
    let ids = vec![
        Identity::WhatsappId(format!("521{national}")),
        Identity::Phone(format!("+52{national}")),
    ];
    contact(key, name, ids)
}

fn mail(key: &'static str, name: &str, email: &str) -> DemoContact {
    contact(key, name, vec![Identity::Email(email.to_string())])
}

fn contact(key: &'static str, name: &str, identities: Vec<Identity>) -> DemoContact {
    DemoContact {
        key,
        name: name.to_string(),
        identities,
        custom_fields: Vec::new(),
        tags: Vec::new(),
        salesperson: None,
    }
}

impl DemoContact {
    fn field(mut self, name: &str, value: &str) -> Self {
        self.custom_fields
            .push((name.to_string(), value.to_string()));
        self
    }
    fn car(self, vehicle: &str, plate: &str) -> Self {
        self.field("Vehículo", vehicle).field("Matrícula", plate)
    }
    fn tag(mut self, tag: &'static str) -> Self {
        self.tags.push(tag);
        self
    }
    fn seller(mut self, member: &'static str) -> Self {
        self.salesperson = Some(member);
        self
    }
    fn also_email(mut self, email: &str) -> Self {
        self.identities.push(Identity::Email(email.to_string()));
        self
    }
}

pub(crate) fn contacts() -> Vec<DemoContact> {
    vec![
        // Málaga, Spanish
        wa("maria_lopez", "María López García", "+34612489327")
            .also_email("maria.lopez.garcia@gmail.com")
            .car("Seat León 1.5 TSI (2019)", "4821 KLM")
            .field("Nº cliente", "C-0188")
            .tag("vip")
            .seller("javier"),
        wa("antonio_garcia", "Antonio García Pérez", "+34655201784")
            .car("Renault Clio IV 1.5 dCi", "7390 JHB"),
        wa("carmen_navarro", "Carmen Navarro", "+34622710539")
            .car("Toyota Yaris Hybrid (2021)", "2215 LBC"),
        wa("pepe_martin", "Pepe Martín", "+34678339012")
            .car("Mercedes Vito 114 CDI", "5127 HWR")
            .field("Nº cliente", "C-0412")
            .tag("vip"),
        wa("rocio_jimenez", "Rocío Jiménez", "+34691582640"),
        wa("talleres_sur", "Manolo (Talleres del Sur)", "+34634907215")
            .field("Nº cliente", "P-0087")
            .field(
                "Condiciones",
                "Profesional: -25 % en recambio, pago a 30 días",
            )
            .tag("vip")
            .seller("javier"),
        wa("francisco_ortega", "Francisco Ortega", "+34609147255")
            .car("Citroën C4 Picasso 1.6 HDi", "0936 GZX"),
        wa("laura_serrano", "Laura Serrano", "+34687406193")
            .car("Peugeot 308 1.6 HDi (2015)", "9564 JKS"),
        wa("david_romero", "David Romero", "+34644872910")
            .car("Volkswagen Golf GTI (2016)", "3381 JNB"),
        wa("isabel_molina", "Isabel Molina", "+34616258407")
            .car("Opel Corsa 1.2 (2014)", "6702 HZP"),
        wa("autoescuela", "Pilar (Autoescuela Miramar)", "+34952226180")
            .field("Nº cliente", "F-0009")
            .field("Flota", "4 × Seat Ibiza 1.0 TSI")
            .tag("vip")
            .seller("javier"),
        wa("jorge_pena", "Jorge Peña", "+34699013348").car("Seat Ibiza 1.6 TDI (2017)", "1148 JYR"),
        // Málaga, English-speaking
        wa("james_whitfield", "James Whitfield", "+447700900461")
            .car("Land Rover Discovery 4 (2014)", "9012 KFD")
            .field("Idioma", "Inglés"),
        wa("sarah_collins", "Sarah Collins", "+34697301258")
            .car("Ford Kuga (2018)", "4470 KMC")
            .field("Idioma", "Inglés"),
        wa("peter_hughes", "Peter Hughes", "+447700900218").field("Idioma", "Inglés"),
        wa("emma_jansen", "Emma Jansen", "+31612345678").field("Idioma", "Inglés"),
        wa("oliver_grant", "Oliver Grant", "+447700900735")
            .car("Mini Cooper S (2015)", "8123 JGL")
            .field("Idioma", "Inglés"),
        // Brazilian mobile: WhatsApp's id lacks the ninth digit the number has.
        contact(
            "joao_silva",
            "João Silva",
            vec![
                Identity::WhatsappId("552196314870".to_string()),
                Identity::Phone("+5521996314870".to_string()),
            ],
        )
        .car("Hyundai Tucson (2020)", "2290 LHD")
        .field("Idioma", "Inglés"),
        // Guadalajara, Mexico
        mx("alejandro_hdz", "Alejandro Hernández Ríos", "3312345678")
            .field("Vehículo", "Nissan Versa (2020)")
            .field("Placas", "JKL-452-B")
            .seller("carlos"),
        mx(
            "autopartes_guero",
            "Chuy (Autopartes El Güero)",
            "3338712045",
        )
        .field("Nº cliente", "MX-0031")
        .field("RFC", "AEG850312KT4")
        .tag("vip")
        .seller("carlos"),
        mx("guadalupe_torres", "Guadalupe Torres", "3324567890").field("RFC", "TOGG880214QW3"),
        mx("fernanda_rdz", "Fernanda Rodríguez", "5541239087").field("Vehículo", "Mazda 3 (2018)"),
        mx("miguel_angel", "Miguel Ángel Castillo", "3317894432")
            .field("Vehículo", "Volkswagen Jetta 1.4 TSI (2016)"),
        wa("linda_baker", "Linda Baker", "+15205550143")
            .field("Vehículo", "Honda CR-V (2017)")
            .field("Idioma", "Inglés"),
        wa("robert_miller", "Bob Miller", "+13125550178")
            .field("Vehículo", "Chevrolet Silverado (2015)")
            .field("Idioma", "Inglés"),
        // Email
        mail(
            "mutua",
            "Mutua Costa del Sol · Siniestros",
            "siniestros@mutuacostasol.es",
        ),
        mail(
            "damotor",
            "Distribuciones Andaluzas del Motor",
            "pedidos@damotor.es",
        )
        .also_email("administracion@damotor.es")
        .field("Nº proveedor", "PR-014"),
        mail(
            "marbella_sands",
            "Claire Thompson (Marbella Sands Hotel)",
            "claire.thompson@marbellasands.com",
        )
        .field("Flota", "3 × Mercedes Sprinter")
        .field("Idioma", "Inglés")
        .tag("vip")
        .seller("ana"),
        mail(
            "thomas_wright",
            "Thomas Wright",
            "tom.wright@btinternet.com",
        )
        .car("Volvo V60 D4 (2017)", "3307 KZT")
        .field("Idioma", "Inglés"),
        mail(
            "alvaro_mendez",
            "Álvaro Méndez",
            "alvaro.mendez84@hotmail.com",
        )
        .field("Vehículo", "Kia Ceed (2020)"),
        mail(
            "gestoria",
            "Inma (Gestoría Alameda)",
            "inma@gestoriaalameda.es",
        ),
    ]
}
