//! English conversations on the Málaga WhatsApp number (expats and visitors on
//! the Costa del Sol).

use bandeja_domain::{DeliveryState, Priority};

use crate::bodies::*;
use crate::builder::*;
use crate::DemoConversation;

pub(crate) fn conversations(ctx: &mut Ctx) -> Vec<DemoConversation> {
    let mut v = Vec::new();

    // Air suspension on a Discovery: photo, quote, a decision and a new ask.
    v.push(
        ctx.conv("wa_es", "james_whitfield")
            .assign("lucia")
            .priority(Priority::High)
            .tags(&["presupuesto"])
            .unread()
            .cust(days(1) + hours(2), "Hello, is this the garage by the Guadalhorce industrial estate? My Discovery is showing a suspension fault and it's sitting really low at the back")
            .cust_msg(days(1) + hours(2) - mins(1), image(412, "This came up on the dash this morning"))
            .out("lucia", days(1) + hours(1), "Hi James, yes, that's us! On the Discovery 4 that warning is usually the air compressor or a leaking rear air spring. Can you bring it in tomorrow morning? The diagnosis takes about 30 minutes and costs €45, which we deduct if you go ahead with the repair.")
            .cust(hours(3), "Thanks Lucía. Dropped it off this morning, your colleague said you'd send me the quote")
            .out_msg("lucia", hours(2) + mins(30), document("presupuesto-1051.pdf", 201, "Quote: rear air springs (pair) + labour"))
            .out("lucia", hours(2) + mins(28), "It's both rear air springs, the left one has a split. Genuine Land Rover parts: €1,180 fitted. Or Arnott springs for €640 fitted, with a 2-year warranty. Either can be done within two days.")
            .cust(mins(50), "Ouch. Let's go with the Arnott ones please")
            .cust(mins(49), "Is there any chance of a courtesy car in the meantime? I live up in Alhaurín and there's no bus")
            .done(),
    );

    // Booking a service; we send our location. Waiting for her to collect.
    v.push(
        ctx.conv("wa_es", "sarah_collins")
            .assign("lucia")
            .tags(&["cita"])
            .pending()
            .cust(days(2) + hours(4), "Hi there! I'd like to book my Kuga in for its annual service. Any availability this week?")
            .out("lucia", days(2) + hours(3), "Hi Sarah! Yes, we can do it the day after tomorrow at 9:00. It takes about two hours; you're welcome to wait in our coffee corner or we can drop you in town.")
            .cust(days(2) + hours(2) + mins(50), "Perfect, 9am works. Where exactly are you? My sat nav keeps sending me to the airport 😂")
            .out_msg("lucia", days(2) + hours(2) + mins(45), location(36.6951, -4.4735, "Taller y Recambios Ruiz", "Calle Hermanos Lumière 14, Polígono Guadalhorce, 29004 Málaga"))
            .out("lucia", days(2) + hours(2) + mins(44), "We're the blue building next to the tyre warehouse. Look for the big RUIZ sign 🙂")
            .cust(days(2) + hours(2) + mins(30), "Got it, thanks!")
            .cust(hours(4), "Morning! Just dropped the car off, the keys are with your colleague at reception")
            .out("lucia", hours(1), "Hi Sarah, your Kuga is ready! Service done, and we topped up the AdBlue. Total €219. You can pick it up any time before 19:00.")
            .delivery(DeliveryState::Delivered)
            .done(),
    );

    // Opening hours, answered and thanked. Resolved.
    let mut c = ctx.conv("wa_es", "peter_hughes");
    c.assign("ana")
        .resolved()
        .cust(days(5) + hours(3), "Hi, what are your opening hours on Saturdays?")
        .out("ana", days(5) + hours(2) + mins(55), "Hi Peter! On Saturdays we're open 9:00–13:30 for parts and quick jobs (tyres, bulbs, wipers). The workshop is open Monday to Friday, 8:00–14:00 and 16:00–19:00.");
    let hours_msg = c.last_id();
    v.push(
        c.cust(
            days(5) + hours(2) + mins(40),
            "Brilliant, thank you. I'll pop in on Saturday for new wiper blades",
        )
        .react(None, days(5) + hours(2) + mins(39), &hours_msg, "👍")
        .done(),
    );

    // Air conditioning, a new customer from the Netherlands. Unread.
    v.push(
        ctx.conv("wa_es", "emma_jansen")
            .assign("ana")
            .unread()
            .cust(hours(1) + mins(5), "Hi! Do you speak English? My AC has only been blowing warm air since yesterday 🥵")
            .out("ana", hours(1), "Hi Emma! Yes, of course. It's probably low on gas or has a small leak. An AC check with recharge is €69 and takes about an hour. What car is it?")
            .cust(mins(12), "A 2019 Renault Captur")
            .cust(mins(11), "Could I come by this afternoon? I work from home so any time is fine")
            .done(),
    );

    // A recording of a squeak; parts ordered, snoozed until they arrive.
    v.push(
        ctx.conv("wa_es", "oliver_grant")
            .assign("lucia")
            .priority(Priority::Low)
            .tags(&["pedido"])
            .snoozed_for(hours(20))
            .cust(days(1) + hours(8), "Hello, my Mini makes a horrible squeak over speed bumps. I recorded it, have a listen")
            .cust_msg(days(1) + hours(8) - mins(1), audio(612, 38))
            .out("lucia", days(1) + hours(7), "Thanks Oliver. That sounds like the front anti-roll bar bushes, very common on the Mini. It's €112 all in, parts and labour. I need to order them; they'd be here tomorrow afternoon.")
            .cust(days(1) + hours(6), "Great, please order them")
            .out("lucia", days(1) + hours(5) + mins(55), "Done! I'll message you as soon as they arrive.")
            .done(),
    );

    // Tyres for a Brazilian customer (wa_id without the ninth digit).
    let mut c = ctx.conv("wa_es", "joao_silva");
    c.assign("javier")
        .tags(&["pedido"])
        .cust(hours(5), "Hi! I need 4 tyres for a Hyundai Tucson, 225/60 R17. Do you have Michelin CrossClimate?")
        .out("javier", hours(4) + mins(40), "Hi João! We have Michelin CrossClimate 2 in 225/60 R17 at €148 each, fitted and balanced. Or Hankook Kinergy 4S2 at €104. Shall I reserve a set?")
        .cust(hours(4) + mins(10), "Michelin please. Can I come by tomorrow at 17:00?")
        .out("javier", hours(3) + mins(50), "Booked for tomorrow at 17:00 ✅ 4 × CrossClimate 2, €592 in total. See you then!");
    let booked = c.last_id();
    v.push(c.react(None, hours(3) + mins(45), &booked, "🙌").done());

    v
}
