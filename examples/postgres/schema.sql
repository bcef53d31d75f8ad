-- A small ERP / billing database, the source of examples/postgres-sync.workflow.json.
--
--   psql "postgresql://USER@HOST/DB" -v ON_ERROR_STOP=1 -f examples/postgres/schema.sql
--
-- What the example relies on, and what your own schema needs for the same sync:
--   * every table has `updated_at`, moved forward by a trigger on every change (the sync reads the
--     rows changed after its watermark); a change to an invoice line or a contact also touches the
--     invoice / customer it belongs to, because those are what is sent to Upflow;
--   * nothing is hard-deleted: customers and invoices carry `deleted_at`, invoices a `status`
--     (draft / issued / void). A row that disappears cannot be seen by a watermark query; a soft
--     delete can, and the sync deletes the record in Upflow;
--   * amounts are NUMERIC in the currency's unit; `currencies.exponent` (ISO 4217: JPY 0, EUR 2,
--     KWD 3) turns them into the smallest unit Upflow stores, in SQL, exactly.
-- Plain PostgreSQL 12+ (tested with Debian's PostgreSQL 15). Re-running the file recreates everything.

DROP SCHEMA IF EXISTS billing CASCADE;
CREATE SCHEMA billing;
SET search_path = billing;

CREATE TABLE currencies (
	code     char(3) PRIMARY KEY,
	exponent smallint NOT NULL CHECK (exponent BETWEEN 0 AND 4) -- ISO 4217 minor units
);

CREATE TABLE customers (
	id          serial PRIMARY KEY,
	code        text NOT NULL UNIQUE,            -- never changes: the External ID in Upflow
	name        text NOT NULL,
	vat_number  text,
	street      text,
	zipcode     text,
	city        text,
	country     char(2),
	currency    char(3) NOT NULL REFERENCES currencies,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	deleted_at  timestamptz
);

CREATE TABLE contacts (
	id           serial PRIMARY KEY,
	customer_id  integer NOT NULL REFERENCES customers,
	first_name   text,
	last_name    text,
	email        text NOT NULL,
	phone        text,
	is_main      boolean NOT NULL DEFAULT false,
	updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
	id           serial PRIMARY KEY,
	number       text NOT NULL UNIQUE,           -- shown to the customer
	customer_id  integer NOT NULL REFERENCES customers,
	issued_on    date NOT NULL,
	due_on       date NOT NULL,
	currency     char(3) NOT NULL REFERENCES currencies,
	status       text NOT NULL DEFAULT 'issued' CHECK (status IN ('draft', 'issued', 'void')),
	title        text,
	updated_at   timestamptz NOT NULL DEFAULT now(),
	deleted_at   timestamptz
);

CREATE TABLE invoice_lines (
	id          serial PRIMARY KEY,
	invoice_id  integer NOT NULL REFERENCES invoices,
	description text NOT NULL,
	quantity    numeric(12, 3) NOT NULL,
	unit_price  numeric(14, 4) NOT NULL,         -- in the invoice's currency, before tax
	tax_rate    numeric(5, 2) NOT NULL DEFAULT 0 -- percent
);

CREATE TABLE payments (
	id           serial PRIMARY KEY,
	reference    text NOT NULL UNIQUE,
	customer_id  integer NOT NULL REFERENCES customers,
	invoice_id   integer REFERENCES invoices,    -- the invoice it pays (NULL: on account)
	amount       numeric(14, 4) NOT NULL,
	currency     char(3) NOT NULL REFERENCES currencies,
	received_on  date NOT NULL,
	method       text NOT NULL DEFAULT 'WIRE_TRANSFER'
	             CHECK (method IN ('WIRE_TRANSFER', 'CARD', 'CHECK', 'DIRECT_DEBIT', 'CASH')),
	updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE credit_notes (
	id           serial PRIMARY KEY,
	number       text NOT NULL UNIQUE,
	customer_id  integer NOT NULL REFERENCES customers,
	invoice_id   integer REFERENCES invoices,    -- the invoice it reduces
	issued_on    date NOT NULL,
	currency     char(3) NOT NULL REFERENCES currencies,
	net_amount   numeric(14, 4) NOT NULL,        -- before tax
	tax_amount   numeric(14, 4) NOT NULL DEFAULT 0,
	reason       text,
	updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ON customers (updated_at);
CREATE INDEX ON invoices (updated_at);
CREATE INDEX ON payments (updated_at);
CREATE INDEX ON credit_notes (updated_at);

-- updated_at follows every change (the watermark depends on it) ---------------------------------

CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.updated_at := now();
	RETURN NEW;
END $$;

CREATE TRIGGER touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER touch BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER touch BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER touch BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER touch BEFORE UPDATE ON credit_notes FOR EACH ROW EXECUTE FUNCTION touch();

-- A changed line changes its invoice's totals; a changed contact changes its customer's contact list.
CREATE FUNCTION touch_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE invoices SET updated_at = now() WHERE id = COALESCE(NEW.invoice_id, OLD.invoice_id);
	RETURN NULL;
END $$;
CREATE TRIGGER touch_invoice AFTER INSERT OR UPDATE OR DELETE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION touch_invoice();

CREATE FUNCTION touch_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE customers SET updated_at = now() WHERE id = COALESCE(NEW.customer_id, OLD.customer_id);
	RETURN NULL;
END $$;
CREATE TRIGGER touch_customer AFTER INSERT OR UPDATE OR DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION touch_customer();

-- What the sync reads: one row per record as Upflow wants it ----------------------------------------
-- Amounts in the smallest unit of their currency (integers), so the Upflow nodes use "Cents".

CREATE VIEW upflow_customers AS
SELECT c.id,
       c.code AS external_id,
       c.name, c.vat_number, c.street, c.zipcode, c.city, c.country, c.currency,
       -- The FULL contact list: Upflow replaces a customer's contacts with the list it is sent.
       COALESCE((SELECT json_agg(json_build_object(
                        'externalId', 'contact-' || k.id, 'firstName', k.first_name, 'lastName', k.last_name,
                        'email', k.email, 'phone', k.phone, 'isMain', k.is_main) ORDER BY k.id)
                 FROM contacts k WHERE k.customer_id = c.id), '[]'::json) AS contacts,
       c.updated_at, c.deleted_at
FROM customers c;

CREATE VIEW upflow_invoices AS
SELECT i.id,
       i.number AS external_id,
       i.number,
       c.code AS customer_external_id,
       i.issued_on::text AS issued_at,
       i.due_on::text AS due_date,
       i.currency,
       t.net AS net_amount,
       t.net + t.tax AS gross_amount,
       i.title,
       i.status,
       -- Upflow has no "void" on write: voided, deleted, or of a deleted customer = delete in Upflow.
       (i.status = 'void' OR i.deleted_at IS NOT NULL OR c.deleted_at IS NOT NULL) AS gone,
       GREATEST(i.updated_at, CASE WHEN c.deleted_at IS NOT NULL THEN c.updated_at END) AS updated_at
FROM invoices i
JOIN customers c ON c.id = i.customer_id
JOIN currencies cur ON cur.code = i.currency
CROSS JOIN LATERAL (
	SELECT COALESCE(round(sum(l.quantity * l.unit_price) * power(10::numeric, cur.exponent)), 0)::bigint AS net,
	       COALESCE(round(sum(l.quantity * l.unit_price * l.tax_rate / 100) * power(10::numeric, cur.exponent)), 0)::bigint AS tax
	FROM invoice_lines l WHERE l.invoice_id = i.id
) t
WHERE i.status <> 'draft';

CREATE VIEW upflow_payments AS
SELECT p.id,
       p.reference AS external_id,
       c.code AS customer_external_id,
       round(p.amount * power(10::numeric, cur.exponent))::bigint AS amount,
       p.currency,
       p.received_on::text AS validated_at,
       p.method,
       i.number AS invoice_external_id,
       c.deleted_at IS NOT NULL AS gone,
       GREATEST(p.updated_at, CASE WHEN c.deleted_at IS NOT NULL THEN c.updated_at END) AS updated_at
FROM payments p
JOIN customers c ON c.id = p.customer_id
JOIN currencies cur ON cur.code = p.currency
LEFT JOIN invoices i ON i.id = p.invoice_id;

CREATE VIEW upflow_credit_notes AS
SELECT n.id,
       n.number AS external_id,
       n.number,
       c.code AS customer_external_id,
       n.issued_on::text AS issued_at,
       n.currency,
       round(n.net_amount * power(10::numeric, cur.exponent))::bigint AS net_amount,
       round((n.net_amount + n.tax_amount) * power(10::numeric, cur.exponent))::bigint AS amount,
       i.number AS invoice_external_id,
       n.reason,
       c.deleted_at IS NOT NULL AS gone,
       GREATEST(n.updated_at, CASE WHEN c.deleted_at IS NOT NULL THEN c.updated_at END) AS updated_at
FROM credit_notes n
JOIN customers c ON c.id = n.customer_id
JOIN currencies cur ON cur.code = n.currency
LEFT JOIN invoices i ON i.id = n.invoice_id;

-- Seed data -----------------------------------------------------------------------------------------

INSERT INTO currencies VALUES ('EUR', 2), ('GBP', 2), ('USD', 2), ('JPY', 0), ('KWD', 3);

INSERT INTO customers (code, name, vat_number, street, zipcode, city, country, currency) VALUES
	('CUST-1001', 'Northwind Logistics SAS',    'FR40123456824', '12 rue de la Gare',     '69002',    'Lyon',       'FR', 'EUR'),
	('CUST-1002', 'Willowbrook Ceramics SARL',  'FR83404833048', '4 avenue Jean Jaurès',  '33000',    'Bordeaux',   'FR', 'EUR'),
	('CUST-1003', 'Brightwater Analytics GmbH', 'DE129273398',   'Lindenstraße 8',        '10969',    'Berlin',     'DE', 'EUR'),
	('CUST-1004', 'Amberline Studios Ltd',      'GB980780684',   '22 Canal Street',       'M1 3HE',   'Manchester', 'GB', 'GBP'),
	('CUST-1005', 'Kestrel & Finch LLP',        'GB123456789',   '9 Old Bailey',          'EC4M 7BA', 'London',     'GB', 'GBP'),
	('CUST-1006', 'Yellowstone Outfitters Inc.', NULL,           '310 Main Street',       '59715',    'Bozeman',    'US', 'USD'),
	('CUST-1007', 'Harborview Dental Group',     NULL,           '77 Harbor Way',         '98101',    'Seattle',    'US', 'USD'),
	('CUST-1008', 'Sakura Precision KK',         NULL,           '1-2-3 Shibaura',        '108-0023', 'Tokyo',      'JP', 'JPY'),
	('CUST-1009', 'Gulf Marine Supplies WLL',    NULL,           'Block 4, Shuwaikh',     '70050',    'Kuwait City', 'KW', 'KWD'),
	('CUST-1010', 'Tidewater Foods SAS',        'FR12345678901', '3 quai des Chartrons',  '33300',    'Bordeaux',   'FR', 'EUR'),
	('CUST-1011', 'Copperleaf Books Ltd',       'GB555555555',   '5 Market Place',        'OX1 3EQ',  'Oxford',     'GB', 'GBP'),
	('CUST-1012', 'Pinecrest Software Inc.',     NULL,           '500 Pine Street',       '94104',    'San Francisco', 'US', 'USD');

-- One or two contacts each (the main billing contact, sometimes accounts payable).
INSERT INTO contacts (customer_id, first_name, last_name, email, phone, is_main)
SELECT c.id, 'Billing', split_part(c.name, ' ', 1), 'billing@' || lower(replace(c.code, '-', '')) || '.example.com', '+33 1 23 45 67 ' || lpad((c.id % 100)::text, 2, '0'), true
FROM customers c;
INSERT INTO contacts (customer_id, first_name, last_name, email, is_main)
SELECT c.id, 'Accounts', 'Payable', 'ap@' || lower(replace(c.code, '-', '')) || '.example.com', false
FROM customers c WHERE c.id % 2 = 0;

-- Three invoices per customer, two or three lines each, in the customer's currency.
INSERT INTO invoices (number, customer_id, issued_on, due_on, currency, title)
SELECT 'INV-2026-' || lpad(((c.id - 1) * 3 + n)::text, 4, '0'), c.id,
       DATE '2026-01-05' + ((c.id * 7 + n * 11) % 60), DATE '2026-01-05' + ((c.id * 7 + n * 11) % 60) + 30,
       c.currency, 'Services ' || to_char(DATE '2026-01-01' + (n - 1) * 31, 'Mon YYYY')
FROM customers c CROSS JOIN generate_series(1, 3) n;

INSERT INTO invoice_lines (invoice_id, description, quantity, unit_price, tax_rate)
SELECT i.id, d.description,
       d.quantity + (i.id % 3),
       -- Unit prices in the currency's own unit: yen have no decimals, dinars three.
       CASE i.currency WHEN 'JPY' THEN d.price * 150 WHEN 'KWD' THEN round(d.price * 0.307, 3) ELSE d.price + (i.id % 7) * 1.25 END,
       CASE (SELECT country FROM customers WHERE id = i.customer_id) WHEN 'FR' THEN 20 WHEN 'DE' THEN 19 WHEN 'GB' THEN 20 WHEN 'JP' THEN 10 ELSE 0 END
FROM invoices i
CROSS JOIN (VALUES ('Consulting (days)', 2, 650.00), ('Platform subscription', 1, 249.90), ('Support plan', 1, 99.00)) AS d(description, quantity, price)
WHERE d.description <> 'Support plan' OR i.id % 2 = 0;

-- Payments: the first invoice of every customer paid in full, the second of every third customer in part.
INSERT INTO payments (reference, customer_id, invoice_id, amount, currency, received_on, method)
SELECT 'PAY-' || i.number, i.customer_id, i.id, v.gross_amount / power(10::numeric, cur.exponent), i.currency, i.due_on - 3,
       CASE WHEN i.id % 4 = 0 THEN 'CARD' ELSE 'WIRE_TRANSFER' END
FROM invoices i
JOIN upflow_invoices v ON v.id = i.id
JOIN currencies cur ON cur.code = i.currency
WHERE (i.id - 1) % 3 = 0;
INSERT INTO payments (reference, customer_id, invoice_id, amount, currency, received_on, method)
SELECT 'PAY-' || i.number || '-P1', i.customer_id, i.id, round(v.gross_amount / power(10::numeric, cur.exponent) / 2, cur.exponent), i.currency, i.due_on, 'CHECK'
FROM invoices i
JOIN upflow_invoices v ON v.id = i.id
JOIN currencies cur ON cur.code = i.currency
WHERE (i.id - 2) % 9 = 0;

-- Credit notes: a 10% gesture on two invoices.
INSERT INTO credit_notes (number, customer_id, invoice_id, issued_on, currency, net_amount, tax_amount, reason)
SELECT 'CN-2026-' || lpad(row_number() OVER (ORDER BY i.id)::text, 4, '0'), i.customer_id, i.id, i.issued_on + 10, i.currency,
       round(v.net_amount / power(10::numeric, cur.exponent) / 10, cur.exponent),
       round((v.gross_amount - v.net_amount) / power(10::numeric, cur.exponent) / 10, cur.exponent),
       'Commercial gesture (10%)'
FROM invoices i
JOIN upflow_invoices v ON v.id = i.id
JOIN currencies cur ON cur.code = i.currency
WHERE i.number IN ('INV-2026-0002', 'INV-2026-0014');

-- What the sync must NOT send: a draft, an invoice voided and one deleted before the first import.
INSERT INTO invoices (number, customer_id, issued_on, due_on, currency, status, title)
VALUES ('INV-2026-0901', 1, DATE '2026-03-01', DATE '2026-03-31', 'EUR', 'draft', 'Draft, not issued yet');
INSERT INTO invoices (number, customer_id, issued_on, due_on, currency, status, title)
VALUES ('INV-2026-0902', 2, DATE '2026-02-01', DATE '2026-03-03', 'EUR', 'void', 'Issued by mistake');
INSERT INTO invoices (number, customer_id, issued_on, due_on, currency, title, deleted_at)
VALUES ('INV-2026-0903', 3, DATE '2026-02-02', DATE '2026-03-04', 'EUR', 'Duplicate, deleted', now());
INSERT INTO invoice_lines (invoice_id, description, quantity, unit_price, tax_rate)
SELECT id, 'Consulting (days)', 1, 650, 20 FROM invoices WHERE number IN ('INV-2026-0901', 'INV-2026-0902', 'INV-2026-0903');

-- A small customer with a single open invoice (the e2e suite deletes it in the ERP between two syncs).
INSERT INTO customers (code, name, street, zipcode, city, country, currency)
VALUES ('CUST-1013', 'Marlowe Events Ltd', '14 Quay Street', 'BS1 4DB', 'Bristol', 'GB', 'GBP');
INSERT INTO contacts (customer_id, first_name, last_name, email, is_main)
SELECT id, 'Jo', 'Marlowe', 'jo@marlowe-events.example.com', true FROM customers WHERE code = 'CUST-1013';
INSERT INTO invoices (number, customer_id, issued_on, due_on, currency, title)
SELECT 'INV-2026-0037', id, DATE '2026-02-20', DATE '2026-03-22', 'GBP', 'Event staffing' FROM customers WHERE code = 'CUST-1013';
INSERT INTO invoice_lines (invoice_id, description, quantity, unit_price, tax_rate)
SELECT id, 'Event staff (hours)', 24, 32.50, 20 FROM invoices WHERE number = 'INV-2026-0037';
