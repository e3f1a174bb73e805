//! Email conversations: the workshop's Gmail mailbox and the invoicing
//! mailbox whose connection is broken (its old threads are still there).

use bandeja_domain::Priority;

use crate::builder::*;
use crate::DemoConversation;

pub(crate) fn conversations(ctx: &mut Ctx) -> Vec<DemoConversation> {
    vec![
        ctx.conv("gmail", "mutua")
            .subject("Siniestro n.º 118734 – peritación Seat León 4821 KLM")
            .assign("ana")
            .priority(Priority::High)
            .tags(&["presupuesto"])
            .unread()
            .cust(days(1) + hours(3), "Buenos días:\n\nLes escribimos en relación con el siniestro n.º 118734 de nuestra asegurada, Dña. María López García (Seat León, matrícula 4821 KLM), con daños en el paragolpes trasero y el portón.\n\nLes rogamos que nos envíen el presupuesto de reparación desglosado (piezas, mano de obra y pintura) junto con fotografías de los daños, para que nuestro perito pueda valorarlo.\n\nUn saludo,\n\nDepartamento de Siniestros\nMutua Costa del Sol")
            .out("ana", days(1) + hours(1), "Buenos días:\n\nGracias por su correo. Les enviamos el presupuesto desglosado n.º 1047 (1.362,15 € con IVA: paragolpes trasero, refuerzo, sensor de aparcamiento y pintura del portón) y seis fotografías de los daños.\n\nEl vehículo está en nuestras instalaciones. El perito puede pasar de lunes a viernes de 8:00 a 14:00.\n\nUn saludo,\n\nAna Ruiz\nTaller y Recambios Ruiz\nCalle Hermanos Lumière 14, 29004 Málaga · 952 10 73 40")
            .cust(hours(2), "Buenas tardes:\n\nHemos recibido el presupuesto y las fotografías, gracias. El perito asignado, D. Fernando Aguilar, pasará por su taller el miércoles a las 10:00.\n\nLes rogamos que no inicien la reparación hasta recibir nuestra autorización por escrito.\n\nUn saludo,\n\nDepartamento de Siniestros\nMutua Costa del Sol")
            .done(),

        ctx.conv("gmail", "damotor")
            .subject("Pedido 5530 – confirmación y plazo de entrega")
            .assign("javier")
            .tags(&["pedido"])
            .out("javier", days(2) + hours(5), "Hola, Elena:\n\nOs paso el pedido de esta semana:\n\n- 20 × pastillas Brembo P85020\n- 12 × filtro de aceite Mann W712/75\n- 6 × disco Brembo 09.A820.11\n- 2 × kit de distribución Gates K015603XS\n\n¿Me confirmáis el plazo? Los kits de distribución los necesito cuanto antes.\n\nGracias,\nJavier Ruiz\nTaller y Recambios Ruiz")
            .cust(days(2) + hours(1), "Hola, Javier:\n\nConfirmamos el pedido 5530. Todo sale mañana en la ruta de las 8:00 excepto los kits Gates, que están en rotura de stock en el almacén central: nos llegan el jueves y os los mandamos el viernes.\n\n¿Os sirve así o preferís el equivalente de Continental (CT1028WP2), que sí tenemos?\n\nUn saludo,\nElena Vidal\nDistribuciones Andaluzas del Motor")
            .out("javier", days(1) + hours(20), "Hola, Elena:\n\nMandadme un kit Continental mañana con el resto, que tengo un 308 esperando. El otro Gates lo espero al viernes.\n\nGracias,\nJavier")
            .cust(days(1) + hours(19), "Hecho, Javier. Va todo en la ruta de mañana.\n\nElena")
            .done(),

        ctx.conv("gmail", "marbella_sands")
            .subject("Quarterly maintenance – shuttle vans")
            .assign("ana")
            .priority(Priority::High)
            .tags(&["vip", "presupuesto"])
            .unread()
            .cust(days(3) + hours(2), "Dear Ana,\n\nI hope you're well. As in previous quarters, we'd like to book the maintenance of our three shuttle vans (Mercedes Sprinter, plates 4412 LDK, 4413 LDK and 8820 MFN).\n\nCould you send us a quote and propose dates? Ideally one van per day, as we need at least two on the road for airport transfers.\n\nKind regards,\nClaire Thompson\nOperations Manager, Marbella Sands Hotel")
            .out("ana", days(2) + hours(22), "Dear Claire,\n\nThank you for thinking of us again. For the three Sprinters we propose the Mercedes Service A (oil, filters, brake check and diagnostics) at €385 per van, VAT included, as agreed in our fleet conditions.\n\nWe could start next Monday with 4412 LDK and do one van per day. As usual, we can collect each van from the hotel at 8:00 and bring it back before 18:00.\n\nBest regards,\nAna Ruiz\nTaller y Recambios Ruiz")
            .cust(hours(4), "Hi Ana,\n\nThanks for the quick reply. Monday works for us.\n\nOne more thing: 8820 MFN has a rattle from the sliding door. Could you take a look while it's with you?\n\nBest,\nClaire")
            .done(),

        ctx.conv("gmail", "thomas_wright")
            .subject("Warranty claim – alternator replaced in the spring")
            .assign("lucia")
            .tags(&["garantia"])
            .pending()
            .cust(days(4) + hours(1), "Hello,\n\nYou replaced the alternator on my Volvo V60 (plate 3307 KZT) about five months ago, invoice F-0298. Since last week the battery light comes on now and then, and the car struggled to start twice.\n\nI believe this should be covered by the warranty. When could I bring it in?\n\nRegards,\nThomas Wright")
            .note("lucia", days(4), "Alternador Bosch de la F-0298. @Javier ¿tenemos apuntado el número de serie? Bosch lo pide para la garantía.")
            .note("javier", days(3) + hours(23), "@Lucía sí, está en la ficha de la reparación: 0 986 049 191, lote 2318.")
            .out("lucia", days(3) + hours(22), "Dear Thomas,\n\nThank you for getting in touch, and sorry for the trouble. The alternator is covered by our 12-month parts and labour warranty, so there will be no charge if it is faulty.\n\nCould you bring the car in one morning this week? Testing the charging system takes about 30 minutes. If the alternator needs replacing, we'll have a new one from Bosch within two days and can lend you a courtesy car meanwhile.\n\nKind regards,\nLucía Moreno\nTaller y Recambios Ruiz")
            .done(),

        ctx.conv("gmail", "maria_lopez")
            .subject("Factura de la última revisión")
            .assign("marta")
            .priority(Priority::Low)
            .tags(&["factura"])
            .resolved()
            .cust(days(12) + hours(3), "Hola:\n\n¿Me podríais reenviar la factura de la última revisión del León? No la encuentro y la necesito para mi gestor, que el coche lo uso para trabajar.\n\nMil gracias,\nMaría")
            .out("marta", days(12) + hours(1), "Hola, María:\n\nTe reenviamos la factura F-0377 de la revisión de los 45.000 km. Si tu gestor la necesita a nombre de tu empresa, dinos el NIF y te hacemos una rectificativa.\n\nUn saludo,\nMarta Gil\nTaller y Recambios Ruiz")
            .cust(days(11) + hours(20), "¡Recibida, gracias! Así está bien.\n\nMaría")
            .done(),

        ctx.conv("gmail", "alvaro_mendez")
            .subject("Presupuesto chapa y pintura – aleta delantera")
            .unread()
            .cust(mins(95), "Buenas tardes:\n\nMe gustaría saber cuánto costaría reparar y pintar la aleta delantera izquierda de un Kia Ceed de 2020 (color gris Lunar Silver). Tiene un golpe de unos 10 cm de un aparcamiento.\n\n¿Hace falta que lo lleve para que lo veáis o me podéis dar un precio aproximado con fotos?\n\nGracias y un saludo,\nÁlvaro Méndez")
            .cust(mins(80), "Perdonad, se me olvidó comentarlo: puedo pasarme cualquier tarde a partir de las 17:00.\n\nÁlvaro")
            .done(),

        // The invoicing mailbox (its connection is broken since yesterday).
        ctx.conv("facturas", "gestoria")
            .subject("Facturas del trimestre para el modelo 303")
            .assign("javier")
            .tags(&["factura"])
            .resolved()
            .cust(days(8) + hours(4), "Hola, Javier:\n\nPara presentar el modelo 303 necesitamos las facturas emitidas y recibidas del trimestre. ¿Nos las podéis mandar antes del día 15?\n\nUn saludo,\nInma Salas\nGestoría Alameda")
            .out("javier", days(7) + hours(6), "Hola, Inma:\n\nOs he subido las facturas emitidas y recibidas a la carpeta compartida, ordenadas por mes. Faltan dos de proveedores que os reenvío en cuanto lleguen.\n\nUn saludo,\nJavier")
            .cust(days(7) + hours(2), "Recibidas, todo correcto. Gracias.\n\nInma")
            .done(),

        ctx.conv("facturas", "damotor")
            .contact_address("administracion@damotor.es")
            .subject("Recordatorio de vencimiento – factura FV-2231")
            .tags(&["factura"])
            .cust(days(2) + hours(3), "Estimados clientes:\n\nLes recordamos que la factura FV-2231, correspondiente al pedido 5488, por importe de 1.284,60 €, vence el próximo día 30. Pueden abonarla por transferencia a la cuenta habitual indicando el número de factura.\n\nSi ya han realizado el pago, les rogamos que ignoren este mensaje.\n\nAtentamente,\nAdministración\nDistribuciones Andaluzas del Motor")
            .note("ana", days(1) + hours(23), "@Javier ¿esta ya la pagamos? Creo que entró en la remesa del día 15.")
            .done(),
    ]
}
