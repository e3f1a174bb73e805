// Issue 5's "done when": real Dovecot + Postfix on loopback, the real core
// behind the bridge, the real UI in Chromium. A member sets up an IMAP
// account from Settings → Email, sees the mailbox, a new mail arrives live,
// they answer with a signature and the answer is threaded in the same
// conversation and lands in the customer's mailbox.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { request as playwrightRequest, type Page } from "@playwright/test";
import { startBridge, type Bridge } from "./bridge.ts";
import { apiClient, expect, test } from "./fixtures.ts";
import { startMailServers, type MailServers } from "./mail.ts";

test.use({
  launchOptions: {
    executablePath: process.env.BANDEJA_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--no-default-browser-check"],
  },
});

const here = path.dirname(fileURLToPath(import.meta.url));
const shot = (name: string) => path.join(here, "..", "test-results", "screenshots", `email-${name}.png`);

function customerMail(id: string, subject: string, body: string, extra = ""): string {
  return [
    "From: Bob Cliente <bob@example.test>",
    "To: Taller Ruiz <alice@example.test>",
    `Subject: ${subject}`,
    `Message-ID: <${id}>`,
    `Date: ${new Date().toUTCString()}`,
    ...(extra ? [extra] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\n");
}

/** Settings → Email → add a mailbox, as a member fills the form. */
async function connectMailbox(page: Page, ms: MailServers): Promise<void> {
  await page.goto("/#/settings/email/connect");
  await page.getByRole("radio", { name: "Other (IMAP)" }).check();
  await page.getByLabel("Email address").fill("alice@example.test");
  await page.getByLabel("Sender name").fill("Taller Ruiz");
  await page.getByLabel("Password").fill("alice-pw");
  await page.locator("#email-imap-host").fill("localhost");
  await page.locator("#email-imap-port").fill(String(ms.imapsPort));
  await page.locator("#email-imap-security").selectOption("tls");
  await page.locator("#email-smtp-host").fill("localhost");
  await page.locator("#email-smtp-port").fill(String(ms.submissionPort));
  await page.locator("#email-smtp-security").selectOption("start_tls");

  // a wrong password is named as such, on both servers
  await page.getByLabel("Password").fill("wrong");
  await page.getByTestId("email-test").click();
  await expect(page.getByTestId("email-probe-imap")).toHaveAttribute("data-step", "auth", { timeout: 15_000 });
  await expect(page.getByTestId("email-probe-smtp")).toHaveAttribute("data-step", "auth");
  await page.screenshot({ path: shot("test-wrong-password") });

  await page.getByLabel("Password").fill("alice-pw");
  await page.getByTestId("email-test").click();
  await expect(page.getByTestId("email-probe")).toHaveAttribute("data-ok", "true", { timeout: 15_000 });
  await page.screenshot({ path: shot("test-ok") });
  await page.getByTestId("email-connect-submit").click();
  await expect(page.getByTestId("email-sync-state")).toHaveAttribute("data-state", "idle", { timeout: 30_000 });
}

test("an IMAP mailbox: set up, synced, live mail, a signed reply threaded and delivered", async ({ browser }) => {
  test.setTimeout(120_000);
  const ms = startMailServers(27_000 + (process.pid % 20) * 100);
  let bridge: Bridge | undefined;
  try {
    ms.send("bob", "alice@example.test", customerMail("frenos-1@bob", "Presupuesto frenos", "¿Cuánto cuestan las pastillas del León?"));
    bridge = await startBridge({ demo: false, mailCa: ms.ca });
    const request = await playwrightRequest.newContext({ baseURL: bridge.url });
    const api = apiClient(request);
    const context = await browser.newContext({ baseURL: bridge.url, locale: "en-US" });
    const page = await context.newPage();
    page.on("pageerror", (err) => {
      throw err;
    });

    await connectMailbox(page, ms);
    await expect(page.getByTestId("email-message-count")).toContainText("1");

    // the signature, from the mailbox page
    const signature = page.getByTestId("signature-input");
    await signature.click();
    await page.keyboard.type("Ana Ruiz · Taller y Recambios Ruiz");
    await page.getByTestId("signature-save").click();
    await expect.poll(async () => (await api.call("list_email_accounts", null)).accounts[0]?.signature_html ?? "").toContain("Ana Ruiz");
    await page.screenshot({ path: shot("account") });

    // the mailbox is in the inbox
    await page.goto("/#/");
    const brakes = page.getByTestId("conversation-row").filter({ hasText: "Presupuesto frenos" });
    await expect(brakes).toBeVisible({ timeout: 15_000 });

    // a new mail arrives while the inbox is open
    ms.send("bob", "alice@example.test", customerMail("cita-1@bob", "Cita para el lunes", "¿Tenéis hueco el lunes por la mañana?"));
    await expect(page.getByTestId("conversation-row").filter({ hasText: "Cita para el lunes" })).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: shot("inbox") });

    // answer the brakes conversation, signature included
    await brakes.click();
    const question = page.getByTestId("email-card").filter({ hasText: "pastillas del León" });
    await expect(question).toBeVisible();
    await question.getByTestId("email-reply").click();
    await expect(page.locator("#email-compose-to")).toHaveValue(/bob@example\.test/);
    await page.locator("#email-compose-body").click();
    await page.keyboard.type("Son 85 € montadas, con IVA.");
    await page.getByTestId("send-button").click();
    const answer = page.locator('[data-testid="email-card"][data-direction="outbound"]');
    await expect(answer).toHaveCount(1, { timeout: 15_000 });
    await expect(answer.frameLocator("iframe").getByText("Son 85 € montadas, con IVA.")).toBeVisible();
    await expect(answer.frameLocator("iframe").getByText("Ana Ruiz · Taller y Recambios Ruiz")).toBeVisible();
    await page.screenshot({ path: shot("reply") });

    // threaded: still one conversation for the brakes, with both mails
    const convs = await api.conversations("all_open");
    const brakeConvs = [...convs, ...(await api.conversations("resolved"))].filter((c) => c.subject === "Presupuesto frenos");
    expect(brakeConvs).toHaveLength(1);
    await expect.poll(async () => (await api.messages(brakeConvs[0]!.id)).length).toBe(2);

    // in the customer's mailbox, answering the right message, with the signature
    await expect.poll(() => ms.search("bob", 'SUBJECT "Re: Presupuesto frenos"').length, { timeout: 15_000 }).toBe(1);
    const raw = ms.fetch("bob", ms.search("bob", 'SUBJECT "Re: Presupuesto frenos"')[0]!);
    expect(raw).toMatch(/In-Reply-To: <frenos-1@bob>/);
    expect(raw).toMatch(/Son 85/);
    expect(raw).toMatch(/Ana Ruiz/);

    // the customer answers the answer: it joins the same conversation
    const ours = /Message-ID: <([^>]+)>/i.exec(raw)?.[1] ?? "";
    expect(ours).toMatch(/@example\.test$/);
    ms.send("bob", "alice@example.test", customerMail("frenos-2@bob", "Re: Presupuesto frenos", "Perfecto, os lo llevo el martes.", `In-Reply-To: <${ours}>\nReferences: <frenos-1@bob> <${ours}>`));
    await expect(page.getByTestId("email-card").filter({ hasText: "os lo llevo el martes" })).toBeVisible({ timeout: 15_000 });
    await expect.poll(async () => (await api.messages(brakeConvs[0]!.id)).length).toBe(3);
    await page.screenshot({ path: shot("thread") });
    await context.close();
    await request.dispose();
  } finally {
    await bridge?.stop();
    ms.stop();
  }
});
