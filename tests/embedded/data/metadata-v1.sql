-- A metadata store written by egeria_nb at commit 23f11c8 (store schema version 1), for the upgrade tests.
BEGIN TRANSACTION;
CREATE TABLE changes (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    server TEXT NOT NULL,
    time TEXT NOT NULL,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    guid TEXT NOT NULL,
    type_name TEXT NOT NULL,
    qualified_name TEXT,
    end1_guid TEXT,
    end2_guid TEXT
);
INSERT INTO "changes" VALUES(1,'active-metadata-store','2026-11-30T08:17:39.285+00:00','element','CREATED','19ddd624-32e5-416b-942c-1b8dd1955409','IntegrationGroup','old:group',NULL,NULL);
INSERT INTO "changes" VALUES(2,'active-metadata-store','2026-11-30T08:17:39.291+00:00','element','CREATED','38fe8523-659b-4c44-bdee-aabfde9ae74e','IntegrationConnector','old:folder',NULL,NULL);
INSERT INTO "changes" VALUES(3,'active-metadata-store','2026-11-30T08:17:39.293+00:00','element','CREATED','06147a7e-3b57-474c-94df-e79781b0a70d','IntegrationConnector','old:noendpoint',NULL,NULL);
INSERT INTO "changes" VALUES(4,'active-metadata-store','2026-11-30T08:17:39.303+00:00','relationship','CREATED','6413afae-4ea1-4844-9fa2-bcf25448e114','RegisteredIntegrationConnector',NULL,'19ddd624-32e5-416b-942c-1b8dd1955409','38fe8523-659b-4c44-bdee-aabfde9ae74e');
INSERT INTO "changes" VALUES(5,'active-metadata-store','2026-11-30T08:17:39.307+00:00','relationship','CREATED','0a2f9996-a38e-40fc-a98c-d49fda53834f','RegisteredIntegrationConnector',NULL,'19ddd624-32e5-416b-942c-1b8dd1955409','06147a7e-3b57-474c-94df-e79781b0a70d');
INSERT INTO "changes" VALUES(6,'active-metadata-store','2026-11-30T08:17:39.309+00:00','element','CREATED','2989845c-c893-4a38-9110-fdfc6bccf9dd','CSVFile','CSV::/d/a.csv',NULL,NULL);
INSERT INTO "changes" VALUES(7,'active-metadata-store','2026-11-30T08:17:39.309+00:00','element','CREATED','a752dd02-4a8a-4f48-ac74-8e94b000b482','TabularSchemaType','CSV::/d/a.csv::schema',NULL,NULL);
INSERT INTO "changes" VALUES(8,'active-metadata-store','2026-11-30T08:17:39.309+00:00','relationship','CREATED','a531618d-8948-4900-8457-83f9ef2be08b','AssetSchemaType',NULL,'2989845c-c893-4a38-9110-fdfc6bccf9dd','a752dd02-4a8a-4f48-ac74-8e94b000b482');
CREATE TABLE elements (
    guid TEXT PRIMARY KEY,
    server TEXT NOT NULL,
    type_name TEXT NOT NULL,
    family TEXT NOT NULL,
    qualified_name TEXT,
    properties TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT,
    create_time TEXT NOT NULL,
    update_time TEXT
);
INSERT INTO "elements" VALUES('19ddd624-32e5-416b-942c-1b8dd1955409','active-metadata-store','IntegrationGroup','SoftwareCapability','old:group','{"qualifiedName": "old:group", "displayName": "Old group"}',1,'nbadmin',NULL,'2026-11-30T08:17:39.285+00:00',NULL);
INSERT INTO "elements" VALUES('38fe8523-659b-4c44-bdee-aabfde9ae74e','active-metadata-store','IntegrationConnector','Asset','old:folder','{"qualifiedName": "old:folder", "displayName": "Old folder", "usesBlockingCalls": false, "connection": {"class": "Connection", "headerVersion": 0, "qualifiedName": "old:folder:Connection", "connectorType": {"class": "ConnectorType", "headerVersion": 0, "connectorProviderClassName": "egeria_nb.connectors.files.FolderCataloguer"}, "endpoint": {"class": "Endpoint", "headerVersion": 0, "networkAddress": "/data/drop"}, "configurationProperties": {"recursive": true}}}',1,'nbadmin',NULL,'2026-11-30T08:17:39.291+00:00',NULL);
INSERT INTO "elements" VALUES('06147a7e-3b57-474c-94df-e79781b0a70d','active-metadata-store','IntegrationConnector','Asset','old:noendpoint','{"qualifiedName": "old:noendpoint", "usesBlockingCalls": false, "connection": {"class": "Connection", "headerVersion": 0, "qualifiedName": "old:noendpoint:Connection", "connectorType": {"class": "ConnectorType", "headerVersion": 0, "connectorProviderClassName": "egeria_nb.connectors.training.TrainingConnector"}, "userId": "bob"}}',1,'nbadmin',NULL,'2026-11-30T08:17:39.293+00:00',NULL);
INSERT INTO "elements" VALUES('2989845c-c893-4a38-9110-fdfc6bccf9dd','active-metadata-store','CSVFile','Asset','CSV::/d/a.csv','{"name": "a.csv", "size": 3, "qualifiedName": "CSV::/d/a.csv"}',1,'nbadmin',NULL,'2026-11-30T08:17:39.309+00:00',NULL);
INSERT INTO "elements" VALUES('a752dd02-4a8a-4f48-ac74-8e94b000b482','active-metadata-store','TabularSchemaType','SchemaElement','CSV::/d/a.csv::schema','{"name": "a.csv", "qualifiedName": "CSV::/d/a.csv::schema"}',1,'nbadmin',NULL,'2026-11-30T08:17:39.309+00:00',NULL);
CREATE TABLE relationships (
    guid TEXT PRIMARY KEY,
    server TEXT NOT NULL,
    type_name TEXT NOT NULL,
    end1_guid TEXT NOT NULL REFERENCES elements(guid),
    end2_guid TEXT NOT NULL REFERENCES elements(guid),
    properties TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT,
    create_time TEXT NOT NULL,
    update_time TEXT
);
INSERT INTO "relationships" VALUES('6413afae-4ea1-4844-9fa2-bcf25448e114','active-metadata-store','RegisteredIntegrationConnector','19ddd624-32e5-416b-942c-1b8dd1955409','38fe8523-659b-4c44-bdee-aabfde9ae74e','{"connectorName": "Folder", "startDate": "2026-01-01T00:00:00.000+00:00", "refreshTimeInterval": 5, "connectorShutdownDate": "2027-01-01T00:00:00.000+00:00", "permittedSynchronization": "BOTH_DIRECTIONS"}',1,'nbadmin',NULL,'2026-11-30T08:17:39.303+00:00',NULL);
INSERT INTO "relationships" VALUES('0a2f9996-a38e-40fc-a98c-d49fda53834f','active-metadata-store','RegisteredIntegrationConnector','19ddd624-32e5-416b-942c-1b8dd1955409','06147a7e-3b57-474c-94df-e79781b0a70d','{"connectorName": "Training", "refreshTimeInterval": 0, "permittedSynchronization": "BOTH_DIRECTIONS"}',1,'nbadmin',NULL,'2026-11-30T08:17:39.307+00:00',NULL);
INSERT INTO "relationships" VALUES('a531618d-8948-4900-8457-83f9ef2be08b','active-metadata-store','AssetSchemaType','2989845c-c893-4a38-9110-fdfc6bccf9dd','a752dd02-4a8a-4f48-ac74-8e94b000b482','{}',1,'nbadmin',NULL,'2026-11-30T08:17:39.309+00:00',NULL);
CREATE UNIQUE INDEX elements_by_name ON elements(server, family, qualified_name)
    WHERE qualified_name IS NOT NULL;
CREATE INDEX elements_by_type ON elements(server, type_name);
CREATE INDEX relationships_by_end1 ON relationships(end1_guid, type_name);
CREATE INDEX relationships_by_end2 ON relationships(end2_guid, type_name);
CREATE INDEX changes_by_server ON changes(server, sequence);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('changes',8);
COMMIT;
