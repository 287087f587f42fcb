using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Registers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CrossBorderTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Country = table.Column<string>(type: "char(2)", unicode: false, fixedLength: true, maxLength: 2, nullable: false),
                    Recipient = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Categories = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Basis = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ContractReference = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    TransferredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    StaffUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrossBorderTransfers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Disclosures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Recipient = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Law = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Article = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Categories = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DisclosedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    StaffUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disclosures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrossBorderTransfers_SubjectId",
                table: "CrossBorderTransfers",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_CrossBorderTransfers_TransferredOn",
                table: "CrossBorderTransfers",
                column: "TransferredOn");

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_DisclosedOn",
                table: "Disclosures",
                column: "DisclosedOn");

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_SubjectId",
                table: "Disclosures",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CrossBorderTransfers");

            migrationBuilder.DropTable(
                name: "Disclosures");
        }
    }
}
