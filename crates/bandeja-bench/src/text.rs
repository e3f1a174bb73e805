//! Realistic message text in Spanish and English, from small vocabularies with
//! a skewed word frequency (common words are common, rare words are rare).

use rand::seq::SliceRandom;
use rand::Rng;

const ES: &[&str] = &[
    "hola",
    "buenos",
    "días",
    "gracias",
    "por",
    "favor",
    "el",
    "la",
    "de",
    "que",
    "en",
    "un",
    "una",
    "presupuesto",
    "cita",
    "mañana",
    "coche",
    "revisión",
    "frenos",
    "aceite",
    "factura",
    "pedido",
    "recambio",
    "taller",
    "precio",
    "cuánto",
    "cuesta",
    "puedo",
    "pasar",
    "hoy",
    "tarde",
    "lunes",
    "martes",
    "viernes",
    "garantía",
    "neumáticos",
    "ruedas",
    "batería",
    "motor",
    "ruido",
    "llamar",
    "enviar",
    "foto",
    "matrícula",
    "horario",
    "abierto",
    "cerrado",
    "listo",
    "recoger",
    "pago",
    "tarjeta",
    "transferencia",
    "confirmo",
    "perfecto",
    "vale",
    "saludos",
];
const EN: &[&str] = &[
    "hello",
    "good",
    "morning",
    "thanks",
    "please",
    "the",
    "a",
    "of",
    "to",
    "in",
    "quote",
    "appointment",
    "tomorrow",
    "car",
    "service",
    "brakes",
    "oil",
    "invoice",
    "order",
    "part",
    "garage",
    "price",
    "how",
    "much",
    "can",
    "come",
    "today",
    "afternoon",
    "monday",
    "friday",
    "warranty",
    "tyres",
    "battery",
    "engine",
    "noise",
    "call",
    "send",
    "photo",
    "plate",
    "hours",
    "open",
    "closed",
    "ready",
    "pick",
    "up",
    "payment",
    "card",
    "transfer",
    "confirm",
    "great",
    "ok",
    "regards",
];
/// Words that appear in about one message in a hundred thousand.
pub const RARE: &[&str] = &[
    "carburador",
    "catalizador",
    "turbocompresor",
    "alternador",
    "embrague",
    "differential",
    "camshaft",
    "radiator",
    "intercooler",
    "odómetro",
];

pub fn sentence(rng: &mut impl Rng) -> String {
    let spanish = rng.gen_bool(0.7);
    let vocab = if spanish { ES } else { EN };
    let words = rng.gen_range(4..24);
    let mut out = String::with_capacity(words * 8);
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        // Zipf-like: low indexes are much more frequent
        let x: f64 = rng.gen();
        let idx = ((x * x * x) * vocab.len() as f64) as usize;
        out.push_str(vocab[idx.min(vocab.len() - 1)]);
    }
    if rng.gen_ratio(1, 100_000) {
        out.push(' ');
        out.push_str(RARE.choose(rng).expect("non-empty"));
    }
    out
}

pub fn name(rng: &mut impl Rng) -> String {
    const FIRST: &[&str] = &[
        "María",
        "José",
        "Lucía",
        "Carlos",
        "Ana",
        "Javier",
        "Sofía",
        "Miguel",
        "Laura",
        "David",
        "Carmen",
        "Pablo",
        "Elena",
        "Diego",
        "Sara",
        "John",
        "Emily",
        "Michael",
        "Sarah",
        "James",
        "Valentina",
        "Mateo",
        "Camila",
        "Santiago",
        "Isabella",
        "João",
        "Beatriz",
    ];
    const LAST: &[&str] = &[
        "García",
        "Martínez",
        "López",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Fernández",
        "Ruiz",
        "Hernández",
        "Díaz",
        "Moreno",
        "Álvarez",
        "Romero",
        "Smith",
        "Johnson",
        "Brown",
        "Silva",
        "Santos",
        "Torres",
        "Ramírez",
        "Flores",
        "Castillo",
    ];
    format!(
        "{} {}",
        FIRST.choose(rng).expect("non-empty"),
        LAST.choose(rng).expect("non-empty")
    )
}
