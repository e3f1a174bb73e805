//! Conversations on the Guadalajara number (Twilio): Mexican Spanish, and
//! English from the retirees around Lake Chapala.

use bandeja_domain::{DeliveryState, Priority};

use crate::bodies::*;
use crate::builder::*;
use crate::DemoConversation;

pub(crate) fn conversations(ctx: &mut Ctx) -> Vec<DemoConversation> {
    vec![
        ctx.conv("wa_mx", "alejandro_hdz")
            .assign("carlos")
            .tags(&["presupuesto"])
            .unread()
            .cust(hours(3), "Buenas tardes, ¿cuánto me sale el servicio de 40 mil km para un Versa 2020?")
            .out("carlos", hours(2) + mins(45), "¡Qué tal, Alejandro! El servicio de 40,000 km para tu Versa incluye aceite sintético, filtros de aceite, aire y cabina, bujías y revisión de frenos. Te queda en $2,850 MXN con mano de obra.")
            .cust(hours(2) + mins(40), "Órale, está bien. ¿Y cuánto se tardan?")
            .out("carlos", hours(2) + mins(35), "Como tres horas. Si lo traes a las 9 te lo entregamos antes de la comida.")
            .cust(mins(18), "Va, ¿se los puedo llevar el sábado?")
            .done(),

        // A parts shop ordering in bulk; the last message is still only "sent".
        ctx.conv("wa_mx", "autopartes_guero")
            .assign("carlos")
            .priority(Priority::High)
            .tags(&["pedido", "vip"])
            .cust(hours(6), "Carlos, buen día. Me urge cotización de 10 juegos de balatas delanteras para Tsuru y 6 amortiguadores Monroe para Aveo")
            .out("carlos", hours(5) + mins(10), "Buen día, don Chuy. Le mando la cotización. Todo está en existencia menos 2 amortiguadores, que llegan el jueves.")
            .out_msg("carlos", hours(5) + mins(9), document("cotizacion-MX-0217.pdf", 158, "Cotización MX-0217"))
            .cust(hours(4), "Va. Mándame hoy las balatas y los amortiguadores cuando lleguen todos")
            .out("carlos", hours(3) + mins(45), "Perfecto. Las balatas salen hoy en la ruta de la tarde y le aviso en cuanto tengamos los amortiguadores.")
            .delivery(DeliveryState::Sent)
            .done(),

        // An invoice (CFDI) with its XML. Resolved.
        ctx.conv("wa_mx", "guadalupe_torres")
            .assign("carlos")
            .tags(&["factura"])
            .resolved()
            .cust(
                days(3) + hours(5),
                "Hola, buenas tardes. ¿Me pueden facturar la compra de ayer? Les paso mis datos",
            )
            .cust(
                days(3) + hours(5) - mins(1),
                "RFC: TOGG880214QW3\nRégimen: 612\nUso de CFDI: G03\nC.P.: 45050",
            )
            .out(
                "carlos",
                days(3) + hours(4) + mins(30),
                "Con gusto, Guadalupe. Aquí tiene su factura:",
            )
            .out_msg(
                "carlos",
                days(3) + hours(4) + mins(29),
                document("CFDI-A1290.pdf", 88, "Factura A1290"),
            )
            .cust(days(3) + hours(4), "Gracias, ¿me manda también el XML?")
            .out_msg(
                "carlos",
                days(3) + hours(3) + mins(50),
                document("CFDI-A1290.xml", 12, ""),
            )
            .cust(days(3) + hours(3) + mins(40), "Listo, muchas gracias 🙏")
            .done(),

        // The window closed while she thought about it: a template follow-up.
        ctx.conv("wa_mx", "fernanda_rdz")
            .assign("carlos")
            .tags(&["presupuesto"])
            .pending()
            .cust(days(5) + hours(2), "Hola, ¿tienen el faro delantero derecho para un Mazda 3 2018?")
            .out("carlos", days(5) + hours(1), "Hola, Fernanda. Sí: el original lo tenemos en $6,480 y uno DEPO en $2,950. ¿Cuál te interesa?")
            .cust(days(5), "Déjame ver con mi esposo y te aviso")
            .out_msg("carlos", days(1) + hours(4), template("seguimiento_cotizacion", "es_MX", "Hola Fernanda, te escribimos de Refacciones Ruiz. ¿Pudiste revisar la cotización del faro para tu Mazda 3? Todavía lo tenemos apartado para ti."))
            .delivery(DeliveryState::Delivered)
            .done(),

        // Check-engine light, nobody assigned yet.
        ctx.conv("wa_mx", "miguel_angel")
            .priority(Priority::Urgent)
            .tags(&["urgente"])
            .unread()
            .cust(mins(35), "Oigan, se me prendió el foco del motor y el carro jalonea al acelerar. ¿Es peligroso manejarlo así?")
            .cust_msg(mins(34), image(301, ""))
            .cust(mins(30), "Es un Jetta 2016, 1.4 turbo")
            .done(),

        // Carlos is away, so Ana picks it up; her answer is still being sent.
        ctx.conv("wa_mx", "linda_baker")
            .assign("ana")
            .cust(hours(2), "Hi! Do you carry wiper blades for a 2017 Honda CR-V? The rainy season is coming and mine are shot 😅")
            .out("carlos", hours(1) + mins(30), "Hi Linda! Yes: Bosch Icon 26\" + 16\" for your CR-V, $890 MXN the pair. Want me to set them aside?")
            .cust(hours(1), "Yes please! Can you also fit them? I'll be in Guadalajara tomorrow")
            .note("ana", mins(2), "@Carlos sigue ausente, le contesto yo. Apartadas las Bosch Icon en mostrador a nombre de Linda.")
            .out("ana", secs(15), "Of course, fitting is free with the purchase. They'll be waiting for you at the counter tomorrow 👍")
            .delivery(DeliveryState::Pending)
            .done(),

        ctx.conv("wa_mx", "robert_miller")
            .assign("carlos")
            .priority(Priority::Low)
            .tags(&["pedido"])
            .snoozed_for(hours(5))
            .cust(days(1) + hours(2), "Hello, it's Bob Miller from Ajijic. Did the brake rotors for my Silverado come in?")
            .out("carlos", days(1) + hours(1), "Hi Bob! They're on the truck from Monterrey and arrive tomorrow afternoon. I'll message you as soon as they're here.")
            .cust(days(1) + hours(1) - mins(5), "Thanks Carlos, no rush")
            .done(),
    ]
}
