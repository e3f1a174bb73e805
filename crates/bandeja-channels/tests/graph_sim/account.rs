//! The business profile (read, update, a too-long `about` refused locally)
//! and the numbers' information.

use bandeja_domain::wa_profile::BusinessProfile;

use crate::common::*;

#[tokio::test]
async fn the_business_profile_reads_and_updates() {
    let h = Harness::start().await;
    let p = h.client.business_profile().await.unwrap();
    assert_eq!(
        p.about.as_deref(),
        Some("Moda y complementos. Respondemos en horario comercial.")
    );
    assert_eq!(p.vertical.as_deref(), Some("APPAREL"));
    assert_eq!(p.websites, vec!["https://tienda.example.invalid/"]);
    assert!(p.profile_picture_url.is_some());

    let changed = BusinessProfile {
        about: Some("Taller abierto de 9 a 18 h.".into()),
        websites: vec![
            "https://tienda.example.invalid/".into(),
            "https://instagram.example.invalid/tienda".into(),
        ],
        vertical: Some("AUTO".into()),
        ..p.clone()
    };
    h.client.update_business_profile(&changed).await.unwrap();
    let again = h.client.business_profile().await.unwrap();
    assert_eq!(again, changed);
}

#[tokio::test]
async fn a_too_long_about_is_refused_without_a_request() {
    let h = Harness::start().await;
    let p = h.client.business_profile().await.unwrap();
    let too_long = BusinessProfile {
        about: Some("a".repeat(140)),
        ..p.clone()
    };
    let e = h
        .client
        .update_business_profile(&too_long)
        .await
        .unwrap_err();
    assert_eq!((e.code, e.http_status), (100, None));
    assert!(e.title.contains("about"), "{}", e.title);
    assert_eq!(h.client.business_profile().await.unwrap(), p);
}

#[tokio::test]
async fn this_number_and_all_numbers_of_the_account() {
    let h = Harness::start().await;
    let n = h.client.phone_number().await.unwrap();
    assert_eq!(n.id, PNID);
    assert_eq!(n.display_phone_number, "+1 555-010-0001");
    assert_eq!(n.verified_name, "Tienda Ejemplo");
    assert_eq!(n.quality_rating, "GREEN");
    assert_eq!(n.messaging_limit_tier.as_deref(), Some("TIER_250"));
    assert_eq!(n.code_verification_status, "VERIFIED");
    assert_eq!(n.name_status.as_deref(), Some("APPROVED"));
    assert_eq!(n.status.as_deref(), Some("CONNECTED"));

    h.sim().set_messaging_limit("TIER_2K").unwrap();
    let all = h.client.phone_numbers(WABA).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].messaging_limit_tier.as_deref(), Some("TIER_2K"));
    let support = &all[1];
    assert_eq!(support.id, "200000000000003");
    assert_eq!(support.code_verification_status, "NOT_VERIFIED");
    assert_eq!(support.name_status.as_deref(), Some("PENDING_REVIEW"));
}
