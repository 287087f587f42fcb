using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ErasureCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Destruction-approval reasons were stored in plain text before this migration; they are encrypted from now on,
            // and the plain ones are dropped (approvals asked for before must be asked again, with a ground).
            migrationBuilder.Sql("UPDATE \"PendingApprovals\" SET \"Reason\" = NULL;");

            migrationBuilder.AlterColumn<string>(
                name: "Reason",
                table: "PendingApprovals",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1000)",
                oldMaxLength: 1000,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Ground",
                table: "PendingApprovals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "PendingApprovals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BlockHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Change = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    StaffUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlockHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BlockHistory_DataSubjects_SubjectId",
                        column: x => x.SubjectId,
                        principalTable: "DataSubjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ErasureCertificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Ground = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PerformedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ApprovalId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Categories = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Items = table.Column<int>(type: "integer", nullable: false),
                    RequestsClosed = table.Column<int>(type: "integer", nullable: false),
                    ReceiptIds = table.Column<string>(type: "text", unicode: false, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErasureCertificates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BlockHistory_SubjectId_At",
                table: "BlockHistory",
                columns: new[] { "SubjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ErasureCertificates_At",
                table: "ErasureCertificates",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ErasureCertificates_SubjectId",
                table: "ErasureCertificates",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BlockHistory");

            migrationBuilder.DropTable(
                name: "ErasureCertificates");

            migrationBuilder.DropColumn(
                name: "Ground",
                table: "PendingApprovals");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "PendingApprovals");

            migrationBuilder.AlterColumn<string>(
                name: "Reason",
                table: "PendingApprovals",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
