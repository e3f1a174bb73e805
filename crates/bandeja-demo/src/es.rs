//! Spanish conversations on the Málaga WhatsApp number.

use bandeja_domain::{DeliveryState, Priority};

use crate::bodies::*;
use crate::builder::*;
use crate::DemoConversation;

pub(crate) fn conversations(ctx: &mut Ctx) -> Vec<DemoConversation> {
    let mut v = Vec::new();

    // A quote, quoted back, a thumbs-up, and a new question: open, unread.
    let mut c = ctx.conv("wa_es", "maria_lopez");
    c.assign("ana")
        .priority(Priority::High)
        .tags(&["presupuesto", "vip"])
        .unread()
        .cust(days(1) + hours(5), "Hola Ana, buenos días. Me ha saltado el testigo de las pastillas de freno y chirría un montón al frenar 😬")
        .cust(days(1) + hours(4) + mins(58), "¿Me podéis dar precio para el León? Pastillas y discos delanteros, si hace falta")
        .out("ana", days(1) + hours(4) + mins(40), "¡Hola María! Claro. Para tu León 1.5 TSI serían pastillas y discos delanteros Brembo, con mano de obra. Te preparo el presupuesto y te lo mando enseguida.")
        .out_msg("ana", days(1) + hours(4) + mins(12), document("presupuesto-1043.pdf", 184, "Presupuesto frenos delanteros · Seat León 4821 KLM"));
    let quote = c.last_id();
    c.cust(hours(2) + mins(10), "¿Esto incluye la mano de obra?")
        .reply_to(&quote)
        .out("ana", hours(2) + mins(2), "Sí, todo incluido: piezas, mano de obra e IVA. 286,40 € en total, y son unas dos horas de taller.");
    let price = c.last_id();
    c.react(None, hours(1) + mins(55), &price, "👍")
        .cust(mins(25), "Perfecto. ¿Me lo podéis hacer el jueves por la mañana? Lo dejo a las 8:30 cuando entro a trabajar")
        .cust(mins(24), "Y si puede ser, echadle un ojo al aire acondicionado, que no enfría mucho");
    v.push(c.done());

    // Broken down on the motorway: location and a voice note, nobody on it yet.
    v.push(
        ctx.conv("wa_es", "antonio_garcia")
            .priority(Priority::Urgent)
            .tags(&["urgente"])
            .unread()
            .cust(mins(14), "Buenas, se me ha quedado el coche tirado en la A-7 a la altura de Fuengirola. Ha empezado a salir humo blanco del capó y se ha parado")
            .cust_msg(mins(13), location(36.5469, -4.6197, "A-7, salida 213", "Autovía del Mediterráneo, 29640 Fuengirola, Málaga"))
            .cust_msg(mins(11), voice(23))
            .cust(mins(6), "¿Tenéis grúa o me decís a quién llamo? El seguro no me coge el teléfono")
            .done(),
    );

    // Automated reminder, confirmed with the template's quick-reply button.
    v.push(
        ctx.conv("wa_es", "carmen_navarro")
            .assign("marta")
            .tags(&["cita"])
            .pending()
            .cust(days(6) + hours(3), "Hola, quería pedir cita para la revisión de los 60.000 km del Yaris")
            .out("marta", days(6) + hours(2) + mins(40), "Hola Carmen 😊 ¿Te viene bien el martes de la semana que viene a las 9:30? Son unas tres horas.")
            .cust(days(6) + hours(2), "Perfecto, apúntame")
            .out("marta", days(6) + hours(1) + mins(55), "Apuntada ✅ Te mandaremos un recordatorio el día antes.")
            .auto_msg(hours(21), template("recordatorio_cita", "es", "Hola Carmen, te recordamos tu cita en Taller y Recambios Ruiz mañana a las 9:30 para la revisión de tu Toyota Yaris (2215 LBC). Pulsa «Confirmar» o «Cambiar cita»."))
            .cust_msg(hours(20), quick_reply("CONFIRMAR_CITA", "Confirmar"))
            .out("marta", hours(19) + mins(50), "¡Genial, Carmen! ¿Nos puedes traer también el libro de mantenimiento? Así te lo sellamos.")
            .delivery(DeliveryState::Delivered)
            .done(),
    );

    // A parts order for a delivery van: photo, sticker, a reaction from Javier.
    let mut c = ctx.conv("wa_es", "pepe_martin");
    c.assign("javier")
        .tags(&["pedido", "vip"])
        .cust_msg(hours(5), image(356, "Esta es la pieza, el retrovisor del lado del conductor. Me lo ha arrancado un camión en el polígono 🙄"))
        .out("javier", hours(4) + mins(50), "Uf, vaya tela. Es el retrovisor eléctrico con intermitente de la Vito. Original lo tengo en 48 h por 189 €, o uno compatible de Van Wezel mañana por 96 €. ¿Cuál prefieres?")
        .cust(hours(4) + mins(30), "El compatible, que la furgo no puede parar. ¿Me lo montáis vosotros?")
        .out("javier", hours(4) + mins(25), "Claro. Te lo pido ahora y mañana a partir de las 12 te lo montamos en media hora.")
        .out("javier", hours(3) + mins(10), "Pedido hecho ✅ Llega mañana a primera hora.")
        .cust_msg(hours(3) + mins(2), sticker(22))
        .cust(hours(3), "Eres un crack, Javi");
    let crack = c.last_id();
    v.push(
        c.react(Some("javier"), hours(2) + mins(58), &crack, "😂")
            .done(),
    );

    // A quick question nobody has answered yet.
    v.push(
        ctx.conv("wa_es", "rocio_jimenez")
            .priority(Priority::Low)
            .unread()
            .cust(mins(41), "Hola, buenas")
            .cust(mins(40), "¿Abrís los sábados por la mañana? Tengo que cambiar una rueda pinchada y entre semana no puedo")
            .done(),
    );

    // A garage buying parts; a poll the API cannot show.
    v.push(
        ctx.conv("wa_es", "talleres_sur")
            .assign("javier")
            .tags(&["pedido"])
            .cust(hours(20), "Javi, buenas. Para mañana necesito:\n- 2 juegos de pastillas Brembo P85020\n- 1 filtro de aceite Mann W712/75\n- 5 L de Castrol Edge 5W-30")
            .out("javier", hours(19) + mins(45), "Buenas, Manolo. Todo en stock. ¿Lo recoges o te lo mandamos con la ruta?")
            .cust_msg(hours(19) + mins(30), unsupported("Poll messages are not supported by the WhatsApp Cloud API"))
            .cust(hours(19) + mins(29), "Perdona, eso era para el grupo de los chavales del taller 😅 Mándalo con la ruta, porfa")
            .out("javier", hours(19) + mins(10), "Hecho. Sale mañana en la ruta de las 10:00. Te adjunto el albarán.")
            .out_msg("javier", hours(19) + mins(9), document("albaran-A-2231.pdf", 96, "Albarán A-2231"))
            .delivery(DeliveryState::Delivered)
            .done(),
    );

    // An invoice for the insurer, thanked with a reaction. Resolved.
    let mut c = ctx.conv("wa_es", "francisco_ortega");
    c.assign("marta")
        .tags(&["factura"])
        .resolved()
        .cust(days(4) + hours(2), "Hola, ¿me podéis mandar la factura de la reparación del Picasso? La necesito para el seguro")
        .out("marta", days(4) + hours(1), "Hola Francisco, claro. Aquí la tienes:")
        .out_msg("marta", days(4) + hours(1) - mins(1), document("factura-F-0412.pdf", 142, ""));
    let invoice = c.last_id();
    v.push(
        c.cust(days(4) + mins(20), "Muchas gracias, muy amables")
            .react(None, days(4) + mins(19), &invoice, "🙏")
            .done(),
    );

    // The 24 h window closed: the free-form follow-up fails, the template goes.
    v.push(
        ctx.conv("wa_es", "laura_serrano")
            .assign("lucia")
            .tags(&["presupuesto"])
            .pending()
            .cust(days(3) + hours(6), "Hola, ¿cuánto cuesta cambiar la correa de distribución de un Peugeot 308 1.6 HDi del 2015? Tiene 118.000 km")
            .out("lucia", days(3) + hours(5), "Hola Laura. Para tu 308 el kit de distribución con bomba de agua (Gates), refrigerante y mano de obra sale por 465 € con IVA. A los 118.000 km es muy recomendable: el fabricante indica cambiarlo cada 120.000 km o 10 años.")
            .cust(days(3) + hours(4), "Vale, gracias. Lo hablo con mi marido y te digo")
            .out("lucia", days(1) + hours(2), "Hola Laura, ¿habéis podido pensarlo? Esta semana tengo hueco el jueves y el viernes.")
            .delivery(DeliveryState::Failed { code: 131047, title: "Re-engagement message".to_string() })
            .note("lucia", days(1) + hours(1) + mins(50), "@Ana no me deja escribirle: la ventana de 24 h se cerró ayer. Le mando la plantilla de seguimiento de presupuesto.")
            .out_msg("lucia", days(1) + hours(1) + mins(48), template("seguimiento_presupuesto", "es", "Hola Laura, te escribimos de Taller y Recambios Ruiz sobre el presupuesto que te enviamos (cambio de distribución, 465 €). ¿Quieres que te reservemos cita? Responde a este mensaje y te atendemos."))
            .delivery(DeliveryState::Delivered)
            .done(),
    );

    // A video of the noise; waiting for the part, snoozed until it arrives.
    v.push(
        ctx.conv("wa_es", "david_romero")
            .assign("ana")
            .tags(&["pedido"])
            .snoozed_for(days(2))
            .cust(days(2) + hours(3), "¡Buenas! Al arrancar en frío el Golf hace un ruido raro, os mando un vídeo")
            .cust_msg(days(2) + hours(2) + mins(59), video(4812, 14, "Así suena nada más arrancar"))
            .out("ana", days(2) + hours(2), "Hola David. Por el sonido parece la bomba de agua o el tensor de la correa auxiliar. Tráelo cuando puedas y lo vemos en diez minutos, sin compromiso.")
            .cust(days(1) + hours(8), "Os lo acabo de dejar en el taller, las llaves las tiene vuestro compañero")
            .out("ana", days(1) + hours(6), "David, confirmado: es la bomba de agua, empieza a perder. La pieza original la tengo en tres días. Total con montaje y anticongelante: 312 €.")
            .cust(days(1) + hours(5) + mins(30), "Vale, adelante. ¿Me puedo llevar el coche mientras tanto?")
            .out("ana", days(1) + hours(5) + mins(20), "Sí, sin problema: para uso normal aguanta. Te escribimos en cuanto llegue la pieza 👍")
            .done(),
    );

    // Choosing a service from an interactive list. Resolved.
    v.push(
        ctx.conv("wa_es", "isabel_molina")
            .assign("lucia")
            .priority(Priority::Low)
            .tags(&["cita"])
            .resolved()
            .cust(
                days(9) + hours(2),
                "Hola, tengo la ITV el mes que viene y quería que le echarais un vistazo antes",
            )
            .out(
                "lucia",
                days(9) + hours(1) + mins(55),
                "¡Hola Isabel! Claro. Te mando las opciones para que elijas el servicio 👇",
            )
            .cust_msg(
                days(9) + hours(1) + mins(50),
                list_reply(
                    "srv_preitv",
                    "Pre-ITV",
                    "Luces, frenos, neumáticos y emisiones · 35 €",
                ),
            )
            .out(
                "lucia",
                days(9) + hours(1) + mins(45),
                "Perfecto. ¿Te viene bien el miércoles a las 10:00?",
            )
            .cust(days(9) + hours(1) + mins(30), "Sí, genial")
            .cust(
                days(2) + hours(4),
                "¡ITV pasada a la primera! 🎉 Muchas gracias",
            )
            .out(
                "lucia",
                days(2) + hours(3),
                "¡Qué bien, Isabel! Nos alegramos mucho. Hasta la próxima 😊",
            )
            .done(),
    );

    // A driving school's fleet; the owner shares the fleet manager's contact.
    v.push(
        ctx.conv("wa_es", "autoescuela")
            .assign("javier")
            .priority(Priority::High)
            .tags(&["vip", "cita"])
            .unread()
            .cust(days(1) + hours(3), "Hola Javier, soy Pilar, de la Autoescuela Miramar. Tenemos que pasar la revisión de los cuatro coches de prácticas antes de fin de mes")
            .out("javier", days(1) + hours(2), "¡Hola Pilar! Sin problema. Podemos hacer dos coches por día para que no os quedéis sin flota. ¿Con quién coordino las fechas?")
            .cust(hours(2), "Con Raúl, que es quien lleva los coches. Te paso su contacto")
            .cust_msg(hours(2) - mins(1), contact_card("Raúl Ortiz (Autoescuela Miramar)", &["+34633184492"], &["flota@autoescuelamiramar.es"]))
            .cust(hours(1) + mins(58), "Ya está avisado de que le vais a escribir")
            .done(),
    );

    // A warranty claim with a forwarded photo of the old invoice.
    v.push(
        ctx.conv("wa_es", "jorge_pena")
            .tags(&["garantia"])
            .cust(hours(6), "Buenas tardes. Me cambiasteis el embrague del Ibiza hace cuatro meses y vuelve a patinar al subir cuestas")
            .cust_msg(hours(6) - mins(1), image(228, "Factura F-0233 · kit de embrague Valeo"))
            .forwarded()
            .cust(hours(6) - mins(2), "Entiendo que entra en la garantía, ¿no?")
            .note("ana", hours(5), "@Javier este embrague lo montaste tú (F-0233). ¿Lo miras y le damos cita? El kit Valeo tiene dos años de garantía del fabricante.")
            .done(),
    );

    v
}
